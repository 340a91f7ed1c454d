/**
 * The long chaos run: 200 kill/restart rounds with faults (see tests/chaos/harness.ts).
 *   npm run chaos [-- --rounds N --seed S]      CHAOS_KEEP=1 keeps the temp folder and daemon log
 */
import { describeChaos, runChaos } from '../tests/chaos/harness.js';

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};
const rounds = arg('rounds') ?? 200;
const seed = arg('seed');
const result = await runChaos({
  rounds,
  diskFaults: true,
  ...(seed !== undefined ? { seed } : {}),
  log: (line) => console.log(`  ${line}`),
});
console.log(describeChaos(result));
const ok =
  result.lostFromStore === 0 &&
  result.lostFromDigests === 0 &&
  result.claimsInTwoDigests === 0 &&
  result.repeats <= result.killsBetweenSendAndMark &&
  result.emptyDigests === 0 &&
  result.integrity === 'ok' &&
  result.cleanExit &&
  result.diskFaultsRecovered &&
  result.storeErrorsExplained;
console.log(
  ok ? 'all bars met' : `BARS NOT MET (replay with --seed ${result.seed}; CHAOS_KEEP=1 keeps the daemon log)`,
);
process.exit(ok ? 0 : 1);
