import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from '../tests/support/paths.js';

/** Every sentence of the seed articles, the material of the text shapes below and of synthetic articles. */
export const seedSentences = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .flatMap((doc) =>
    readFileSync(path.join(CORPUS_DIR, doc), 'utf8')
      .split(/(?<=[.!?])\s+/)
      .map((t) => t.replace(/\s+/g, ' ').trim())
      .filter((t) => t.length > 40),
  );

/** News text as articles have it: paragraphs of a few sentences, every paragraph distinct. */
export function normalText(bytes: number): string {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = `${seedSentences[i % seedSentences.length]} ${seedSentences[(i * 7 + 3) % seedSentences.length]} (Paragraph ${i}.)`;
    paragraphs.push(p);
    size += p.length + 2;
  }
  return paragraphs.join('\n\n');
}

/** The same text hard-wrapped: one paragraph of short lines, as plain-text mail and some feeds give it. */
export function hardWrappedText(bytes: number): string {
  return normalText(bytes)
    .replace(/\n+/g, ' ')
    .replace(/(.{1,64})(?:\s|$)/g, '$1\n');
}

/** One sentence that never ends: lower-case filler around a figure, with no capital to start another. */
export function oneSentence(bytes: number): string {
  const unit =
    "lower-case filler about the weather and the markets, north korea has sent about 45000 troops to russia, south korea's spy agency said on monday, and more filler follows ";
  return `North Korea ${unit.repeat(Math.ceil(bytes / unit.length))}`.slice(0, bytes);
}
