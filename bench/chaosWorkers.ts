/**
 * The long multi-worker chaos run: 3 workers on one PostgreSQL store, 300 feeds, kills for
 * CHAOS_SECONDS (default 180) seconds (see tests/workers/harness.ts).
 *   npm run chaos:pg [-- --seconds N --seed S]      CHAOS_KEEP=1 keeps the workers' logs
 */
import { describeWorkersChaos, runWorkersChaos, workersChaosPassed } from '../tests/workers/harness.js';

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};
const seed = arg('seed');
const result = await runWorkersChaos({
  seconds: arg('seconds') ?? 180,
  ...(seed !== undefined ? { seed } : {}),
  log: (line) => console.log(`  ${line}`),
});
console.log(describeWorkersChaos(result));
const ok = workersChaosPassed(result);
console.log(ok ? 'all bars met' : `BARS NOT MET (replay with --seed ${result.seed}; CHAOS_KEEP=1 keeps the logs)`);
process.exit(ok ? 0 : 1);
