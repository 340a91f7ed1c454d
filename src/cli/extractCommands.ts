import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readDocumentFile, readDocumentUrl, type DocumentText } from '../articles/readDocument.js';
import { UserError } from '../config/errors.js';
import { formatFigure, type Claim } from '../model/claim.js';
import { evaluate, SCORED_FIELDS, type LabelledDoc } from '../extract/evaluate.js';
import { extractClaims } from '../extract/extract.js';
import { fetchUrl } from '../http/fetch.js';
import { inlineContent } from '../sandbox/contentPool.js';
import { topicFor } from './context.js';
import type { GlobalOptions } from './program.js';
import { formatTable, truncate } from './table.js';

/** The user's own files and chosen URLs, read in this thread: there is no daemon to protect. */
const userContent = inlineContent([]);

function readInput(input: string): Promise<DocumentText> {
  return /^https?:\/\//i.test(input) ? readDocumentUrl(input, fetchUrl, 15_000, userContent) : readDocumentFile(input, userContent);
}

function claimRows(claims: readonly Claim[]): string[][] {
  return claims.map((c) => [c.metric, formatFigure(c), c.status, c.scope, c.attribution ?? '—', c.when ?? '—', truncate(c.quote, 80)]);
}

export async function extractCommand(inputs: string[], opts: { topic?: string; format: 'json' | 'table' }, globals: GlobalOptions): Promise<void> {
  const topic = topicFor(globals, opts.topic);
  let problems = 0;
  for (const input of inputs) {
    const doc = await readInput(input);
    if (!doc.ok) {
      problems++;
      process.stderr.write(`figurewatch: ${doc.problem}\n`);
    } else if (doc.truncated) {
      process.stderr.write(`figurewatch: ${input} is larger than an article can be; only its start was read\n`);
    }
    const claims = doc.ok ? extractClaims(doc.text, topic) : [];
    if (opts.format === 'json') {
      // The gold files' shape: the number as written is the digest's, not part of a claim there.
      process.stdout.write(JSON.stringify({ doc: doc.doc, claims: claims.map(({ figureText: _f, ...c }) => c) }) + '\n');
    } else {
      process.stdout.write(`${doc.doc}: ${claims.length} claim${claims.length === 1 ? '' : 's'}\n`);
      if (claims.length > 0) {
        process.stdout.write(formatTable(['metric', 'value', 'status', 'scope', 'attribution', 'when', 'quote'], claimRows(claims)) + '\n');
      }
      process.stdout.write('\n');
    }
  }
  if (problems > 0) process.exitCode = 1;
}

/** The documents of one part of a corpus split (split.json beside the texts: {"tune": [...], "heldout": [...]}). */
async function splitPart(dir: string, part: string): Promise<Set<string>> {
  const file = path.join(dir, 'split.json');
  let split: Record<string, string[]>;
  try {
    split = JSON.parse(await readFile(file, 'utf8')) as Record<string, string[]>;
  } catch (err) {
    throw new UserError(`--split needs ${file} (a JSON object of named lists of file names): ${(err as Error).message.split('\n')[0]}`);
  }
  const names = split[part];
  if (!Array.isArray(names)) throw new UserError(`${file} has no part "${part}"; it has: ${Object.keys(split).join(', ')}`);
  return new Set(names);
}

async function labelledDocs(dir: string): Promise<Array<{ file: string; gold: LabelledDoc }>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new UserError(`cannot read the folder ${dir} (${(err as NodeJS.ErrnoException).code}): pass a folder of *.txt files with *.labels.json beside them`);
  }
  const out: Array<{ file: string; gold: LabelledDoc }> = [];
  for (const name of names.filter((n) => n.endsWith('.txt')).sort()) {
    const labels = path.join(dir, name.replace(/\.txt$/, '.labels.json'));
    let gold: LabelledDoc;
    try {
      gold = JSON.parse(await readFile(labels, 'utf8')) as LabelledDoc;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new UserError(`${labels} is not valid JSON: ${(err as Error).message}`);
    }
    out.push({ file: path.join(dir, name), gold: { doc: name, claims: gold.claims ?? [] } });
  }
  if (out.length === 0) throw new UserError(`no *.txt with a *.labels.json beside it in ${dir}`);
  return out;
}

const pct = (x: number): string => x.toFixed(3);

export async function evalCommand(dir: string, opts: { topic?: string; json?: boolean; split?: string }, globals: GlobalOptions): Promise<void> {
  const topic = topicFor(globals, opts.topic);
  const part = opts.split ? await splitPart(dir, opts.split) : null;
  const docs = (await labelledDocs(dir)).filter((d) => part === null || part.has(d.gold.doc));
  if (docs.length === 0) throw new UserError(`no labelled document of ${dir} is in the split part "${opts.split}"`);
  const predicted: LabelledDoc[] = [];
  for (const { file, gold } of docs) {
    const doc = await readDocumentFile(file, userContent);
    predicted.push({ doc: gold.doc, claims: doc.ok ? extractClaims(doc.text, topic) : [] });
  }
  const report = evaluate(predicted, docs.map((d) => d.gold));
  if (opts.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const o = report.overall;
  const lines = [
    `Documents: ${docs.length}   matched claims: ${report.matched}`,
    `Overall: precision ${pct(o.precision)}  recall ${pct(o.recall)}  F1 ${pct(o.f1)}  (tp ${o.truePositives}, fp ${o.falsePositives}, fn ${o.falseNegatives})`,
    '',
    formatTable(['metric', 'precision', 'recall', 'F1', 'tp', 'fp', 'fn'],
      Object.entries(report.perMetric).map(([m, c]) => [m, pct(c.precision), pct(c.recall), pct(c.f1), String(c.truePositives), String(c.falsePositives), String(c.falseNegatives)])),
    '',
    `Field accuracy on matched claims: ${SCORED_FIELDS.map((f) => `${f} ${pct(report.fieldAccuracy[f])}`).join('  ')}`,
  ];
  if (report.confusions.length > 0) {
    lines.push('', 'Metric confusions (same figure, other metric):',
      formatTable(['gold metric', 'extracted as', 'count'], report.confusions.map((c) => [c.expected, c.got, String(c.count)])));
  }
  if (report.misses.length > 0) {
    lines.push('', 'Misses:');
    for (const m of report.misses) lines.push(`  ${m.doc}  ${m.claim.metric} ${formatFigure(m.claim)}  “${m.claim.quote}”`);
  }
  if (report.falseClaims.length > 0) {
    lines.push('', 'False claims:');
    for (const m of report.falseClaims) lines.push(`  ${m.doc}  ${m.claim.metric} ${formatFigure(m.claim)}  “${m.claim.quote}”`);
  }
  if (report.fieldErrors.length > 0) {
    lines.push('', 'Field errors:');
    for (const e of report.fieldErrors) lines.push(`  ${e.doc}  ${e.field}: expected ${e.expected}, got ${e.got}  “${truncate(e.quote, 90)}”`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
