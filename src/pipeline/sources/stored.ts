/**
 * The stored articles themselves, read again by the current extractor and topics (after either
 * changed): claims no longer found are withdrawn (marked rejected, never deleted), new ones added,
 * and only what differs reported. Reading happens outside the transaction; the writes take one step.
 */
import { fingerprintOf } from '../../dedupe/minhash.js';
import { comparableText } from '../../dedupe/words.js';
import type { IngestRun } from '../ingest.js';
import { type ArticleRevision, claimsOrProblem, WITHDRAWN_BY_REEXTRACTION } from '../revise.js';

export interface StoredSource {
  kind: 'stored';
}

export async function storedSource(run: IngestRun): Promise<void> {
  const { deps, report, options } = run;
  const ids = await deps.store.originalArticleIds();
  report.found = ids.length;
  const revisions: ArticleRevision[] = [];
  for (const articleId of ids) {
    if (run.stopped()) break;
    const text = (await deps.store.articleText(articleId)) ?? '';
    const read = await claimsOrProblem(text, deps.content);
    if (read.extractProblem)
      deps.logger.warn(
        { articleId, problem: read.extractProblem },
        'article not read for claims; its stored claims are kept',
      );
    revisions.push({ articleId, fingerprint: fingerprintOf(comparableText(text)), ...read });
    options.onProgress?.(revisions.length, ids.length);
  }
  report.articles = revisions.length;
  report.unread = revisions.filter((r) => r.claims === null).length;
  report.interrupted = revisions.length < ids.length;
  // An interrupted re-extraction writes nothing: a half-read store would withdraw what it did not read.
  if (!report.interrupted) await run.revise(revisions, WITHDRAWN_BY_REEXTRACTION);
}
