/**
 * The stored articles themselves, read again by the current extractor and topics (after either
 * changed): claims no longer found are withdrawn (marked rejected, never deleted), new ones added,
 * and only what differs reported. Reading happens outside the transaction; the claims are written in
 * one step at the end, the fingerprints made again as the articles are read.
 */
import { fingerprintOf } from '../../dedupe/minhash.js';
import { comparableText } from '../../dedupe/words.js';
import type { TextUpdate } from '../../store/port.js';
import type { IngestRun } from '../ingest.js';
import { type ArticleRevision, claimDelta, claimsOrProblem, WITHDRAWN_BY_REEXTRACTION } from '../revise.js';

export interface StoredSource {
  kind: 'stored';
}

/** Fingerprints written a transaction at a time while the articles are read. */
const FINGERPRINTS_PER_COMMIT = 500;

export async function storedSource(run: IngestRun): Promise<void> {
  const { deps, report, options } = run;
  const ids = await deps.store.originalArticleIds();
  report.found = ids.length;
  // Held until the end: only the articles whose claims differ from those stored, or that could not
  // be read, and the ids of the rest (read, nothing changed). A run holding every article's claims
  // and fingerprint grew with the store (~2.5 KB an article).
  const revisions: ArticleRevision[] = [];
  const readUnchanged: number[] = [];
  // A fingerprint is made from the stored text alone: it is right to write whatever else the run
  // does, so it is written as the articles are read (the scheme may have changed since it was stored).
  let fingerprints: Array<{ articleId: number; fingerprint: TextUpdate['fingerprint'] }> = [];
  const writeFingerprints = async (): Promise<void> => {
    const batch = fingerprints;
    fingerprints = [];
    try {
      await deps.store.transaction(async (tx) => {
        for (const { articleId, fingerprint } of batch) await tx.setFingerprint(articleId, fingerprint);
      });
    } catch (err) {
      run.failure = err;
    }
  };
  let articles = 0;
  for (const articleId of ids) {
    if (run.stopped()) break;
    const text = (await deps.store.articleText(articleId)) ?? '';
    const read = await claimsOrProblem(text, deps.content);
    if (read.extractProblem)
      deps.logger.warn(
        { articleId, problem: read.extractProblem },
        'article not read for claims; its stored claims are kept',
      );
    fingerprints.push({ articleId, fingerprint: fingerprintOf(comparableText(text)) });
    if (fingerprints.length >= FINGERPRINTS_PER_COMMIT) await writeFingerprints();
    const delta = read.claims && claimDelta(await deps.store.articleClaims(articleId), read.claims);
    // The transaction works the difference out again from the claims stored then.
    if (delta && delta.added.length + delta.withdrawn.length + delta.reinstated.length === 0)
      readUnchanged.push(articleId);
    else revisions.push({ articleId, ...read });
    articles++;
    options.onProgress?.(articles, ids.length);
  }
  if (fingerprints.length > 0 && run.failure === undefined) await writeFingerprints();
  report.articles = articles;
  report.unread = revisions.filter((r) => r.claims === null).length;
  report.interrupted = articles < ids.length;
  // An interrupted re-extraction writes no claims: a half-read store would withdraw what it did not read.
  if (!report.interrupted)
    await run.revise(revisions, WITHDRAWN_BY_REEXTRACTION, async (tx) => {
      // Read in full this time: an earlier problem (over budget) is past.
      for (const articleId of readUnchanged) await tx.setExtractProblem(articleId, null);
    });
}
