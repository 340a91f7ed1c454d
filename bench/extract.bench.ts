/**
 * Extraction speed: the seed articles repeated to at least 5 MB of text, extracted one by one on
 * one core. Prints articles per second, MB per second and peak memory.
 *   npm run bench
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTopic } from '../src/config/load.js';
import { extractClaims } from '../src/extract/extract.js';
import { CONFIG_DIR, CORPUS_DIR } from '../tests/support/paths.js';

const TARGET_BYTES = 5 * 1024 * 1024;
const topic = loadTopic(CONFIG_DIR, 'dprk-russia');
const seeds = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(CORPUS_DIR, f), 'utf8'));

const docs: string[] = [];
let bytes = 0;
for (let i = 0; bytes < TARGET_BYTES; i++) {
  // A varying suffix keeps every document distinct, as real articles are.
  const text = `${seeds[i % seeds.length]!}\nUpdated edition ${i}.`;
  docs.push(text);
  bytes += Buffer.byteLength(text);
}

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 5);

for (const d of docs.slice(0, 50)) extractClaims(d, topic); // warm-up

const started = process.hrtime.bigint();
let claims = 0;
docs.forEach((d, i) => {
  claims += extractClaims(d, topic).length;
  if (i % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
});
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);

const mb = bytes / 1024 / 1024;
console.log('extraction benchmark (one core)');
console.log(`  documents:        ${docs.length} (${mb.toFixed(1)} MB of text)`);
console.log(`  claims found:     ${claims}`);
console.log(`  time:             ${seconds.toFixed(2)} s`);
console.log(`  articles/second:  ${(docs.length / seconds).toFixed(0)}   (bar: >= 500)`);
console.log(`  MB/second:        ${(mb / seconds).toFixed(2)}`);
console.log(`  peak RSS:         ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
