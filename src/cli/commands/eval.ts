import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readDocumentFile } from '../../articles/readDocument.js';
import { UserError } from '../../config/errors.js';
import { evaluate, type LabelledDoc, SCORED_FIELDS } from '../../extract/evaluate.js';
import { extractClaims } from '../../extract/extract.js';
import { formatFigure } from '../../model/claim.js';
import { inlineContent } from '../../sandbox/contentPool.js';
import { topicFor } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { formatTable, truncate } from '../table.js';

/** The documents of one part of a corpus split (split.json beside the texts: {"tune": [...], "heldout": [...]}). */
async function splitPart(dir: string, part: string): Promise<Set<string>> {
  const file = path.join(dir, 'split.json');
  let split: Record<string, string[]>;
  try {
    split = JSON.parse(await readFile(file, 'utf8')) as Record<string, string[]>;
  } catch (err) {
    throw new UserError(
      `--split needs ${file} (a JSON object of named lists of file names): ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const names = split[part];
  if (!Array.isArray(names))
    throw new UserError(`${file} has no part "${part}"; it has: ${Object.keys(split).join(', ')}`);
  return new Set(names);
}

async function labelledDocs(dir: string): Promise<Array<{ file: string; gold: LabelledDoc }>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new UserError(
      `cannot read the folder ${dir} (${(err as NodeJS.ErrnoException).code}): pass a folder of *.txt files with *.labels.json beside them`,
    );
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

export async function evalCommand(
  dir: string,
  opts: { topic?: string; json?: boolean; split?: string; summary?: boolean },
  globals: GlobalOptions,
): Promise<void> {
  const topic = topicFor(globals, opts.topic);
  const part = opts.split ? await splitPart(dir, opts.split) : null;
  const docs = (await labelledDocs(dir)).filter((d) => part === null || part.has(d.gold.doc));
  if (docs.length === 0) throw new UserError(`no labelled document of ${dir} is in the split part "${opts.split}"`);
  const predicted: LabelledDoc[] = [];
  for (const { file, gold } of docs) {
    const doc = await readDocumentFile(file, inlineContent([]));
    predicted.push({ doc: gold.doc, claims: doc.ok ? extractClaims(doc.text, topic) : [] });
  }
  const report = evaluate(
    predicted,
    docs.map((d) => d.gold),
  );
  if (opts.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const o = report.overall;
  const lines = [
    `Documents: ${docs.length}   matched claims: ${report.matched}`,
    `Overall: precision ${pct(o.precision)}  recall ${pct(o.recall)}  F1 ${pct(o.f1)}  (tp ${o.truePositives}, fp ${o.falsePositives}, fn ${o.falseNegatives})`,
    '',
    formatTable(
      ['metric', 'precision', 'recall', 'F1', 'tp', 'fp', 'fn'],
      Object.entries(report.perMetric).map(([m, c]) => [
        m,
        pct(c.precision),
        pct(c.recall),
        pct(c.f1),
        String(c.truePositives),
        String(c.falsePositives),
        String(c.falseNegatives),
      ]),
    ),
    '',
    `Field accuracy on matched claims: ${SCORED_FIELDS.map((f) => `${f} ${pct(report.fieldAccuracy[f])}`).join('  ')}`,
    `Documents with no gold claim: ${report.claimless.documents}; claims made on them: ${report.claimless.claims} (in ${report.claimless.withClaims} documents)`,
  ];
  // A held-out part is reported, never read: no document, quote or figure of it is printed.
  if (opts.summary) {
    process.stdout.write(lines.join('\n') + '\n');
    return;
  }
  if (report.confusions.length > 0) {
    lines.push(
      '',
      'Metric confusions (same figure, other metric):',
      formatTable(
        ['gold metric', 'extracted as', 'count'],
        report.confusions.map((c) => [c.expected, c.got, String(c.count)]),
      ),
    );
  }
  if (report.misses.length > 0) {
    lines.push('', 'Misses:');
    for (const m of report.misses)
      lines.push(`  ${m.doc}  ${m.claim.metric} ${formatFigure(m.claim)}  “${m.claim.quote}”`);
  }
  if (report.falseClaims.length > 0) {
    lines.push('', 'False claims:');
    for (const m of report.falseClaims)
      lines.push(`  ${m.doc}  ${m.claim.metric} ${formatFigure(m.claim)}  “${m.claim.quote}”`);
  }
  if (report.fieldErrors.length > 0) {
    lines.push('', 'Field errors:');
    for (const e of report.fieldErrors)
      lines.push(`  ${e.doc}  ${e.field}: expected ${e.expected}, got ${e.got}  “${truncate(e.quote, 90)}”`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
