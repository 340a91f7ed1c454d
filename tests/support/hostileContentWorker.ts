/**
 * A content worker with rules gone wrong on purpose: a text holding HANG never finishes, one
 * holding HOG keeps allocating, one holding SLOW takes 600 ms. Anything else is read as the real
 * worker reads it.
 */
import { workerData } from 'node:worker_threads';
import { mainText } from '../../src/articles/mainText.js';
import { compileTopic, type TopicSpec } from '../../src/extract/topic.js';
import { type ContentResult, type ContentTask, claimsOf } from '../../src/sandbox/contentTasks.js';

const topics = (workerData as { topics: TopicSpec[] }).topics.map(compileTopic);

export default function run(task: ContentTask): ContentResult {
  if (task.op === 'claims' && task.text.includes('HANG'))
    for (;;) {
      /* a rule that never ends */
    }
  if (task.op === 'claims' && task.text.includes('HOG')) {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1_000_000).fill(1));
  }
  if (task.op === 'claims' && task.text.includes('SLOW')) {
    const until = Date.now() + 600;
    while (Date.now() < until) {
      /* a slow rule */
    }
  }
  return task.op === 'mainText'
    ? { op: 'mainText', page: mainText(task.html) }
    : { op: 'claims', claims: claimsOf(task.text, topics) };
}
