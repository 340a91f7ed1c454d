import { type DocumentText, readDocumentFile, readDocumentUrl } from '../../articles/readDocument.js';
import { extractClaims } from '../../extract/extract.js';
import { fetchUrl } from '../../http/fetch.js';
import { type Claim, formatFigure } from '../../model/claim.js';
import { inlineContent } from '../../sandbox/contentPool.js';
import { topicFor } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { formatTable, truncate } from '../table.js';

/** The user's own files and chosen URLs, read in this thread: there is no daemon to protect. */
const userContent = inlineContent([]);

function readInput(input: string): Promise<DocumentText> {
  return /^https?:\/\//i.test(input)
    ? readDocumentUrl(input, fetchUrl, 15_000, userContent)
    : readDocumentFile(input, userContent);
}

function claimRows(claims: readonly Claim[]): string[][] {
  return claims.map((c) => [
    c.metric,
    formatFigure(c),
    c.status,
    c.scope,
    c.attribution ?? '—',
    c.when ?? '—',
    truncate(c.quote, 80),
  ]);
}

export async function extractCommand(
  inputs: string[],
  opts: { topic?: string; format: 'json' | 'table' },
  globals: GlobalOptions,
): Promise<void> {
  const topic = topicFor(globals, opts.topic);
  let problems = 0;
  for (const input of inputs) {
    const doc = await readInput(input);
    if (!doc.ok) {
      // Named on stderr only: a result of "0 claims" would say the input was read.
      problems++;
      process.stderr.write(`figurewatch: ${doc.problem}\n`);
      continue;
    }
    if (doc.truncated)
      process.stderr.write(`figurewatch: ${input} is larger than an article can be; only its start was read\n`);
    const claims = extractClaims(doc.text, topic);
    if (opts.format === 'json') {
      // The gold files' shape: the number as written is the digest's, not part of a claim there.
      process.stdout.write(
        JSON.stringify({ doc: doc.doc, claims: claims.map(({ figureText: _f, ...c }) => c) }) + '\n',
      );
    } else {
      process.stdout.write(`${doc.doc}: ${claims.length} claim${claims.length === 1 ? '' : 's'}\n`);
      if (claims.length > 0) {
        process.stdout.write(
          formatTable(['metric', 'value', 'status', 'scope', 'attribution', 'when', 'quote'], claimRows(claims)) + '\n',
        );
      }
      process.stdout.write('\n');
    }
  }
  if (problems > 0) process.exitCode = 1;
}
