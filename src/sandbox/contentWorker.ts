/**
 * The worker thread's side of the content pool: pages and texts from strangers are read here,
 * under the pool's heap limit and time budget, so that no document can stall or crash the process.
 */
import { workerData } from 'node:worker_threads';
import { mainText } from '../articles/mainText.js';
import { compileTopic, type TopicSpec } from '../extract/topic.js';
import { type ContentResult, type ContentTask, claimsOf } from './contentTasks.js';

const topics = (workerData as { topics: TopicSpec[] }).topics.map(compileTopic);

export default function run(task: ContentTask): ContentResult {
  return task.op === 'mainText'
    ? { op: 'mainText', page: mainText(task.html) }
    : { op: 'claims', claims: claimsOf(task.text, topics) };
}
