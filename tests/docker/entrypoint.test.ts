/**
 * docker/entrypoint.sh on its own (no Docker engine here): started as root, it runs the command as
 * the owner of the state folder, hands a root-owned folder to the unprivileged user, and never
 * runs the command as root.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoPath } from '../support/paths.js';

const ENTRYPOINT = repoPath('docker', 'entrypoint.sh');
const root = process.getuid?.() === 0;

function entrypoint(stateDir: string, command: string, env: Record<string, string> = {}): string {
  return execFileSync('sh', [ENTRYPOINT, 'sh', '-c', command], {
    env: { ...process.env, FIGUREWATCH_STATE_DIR: stateDir, ...env },
    encoding: 'utf8',
  }).trim();
}

describe('docker/entrypoint.sh', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-entrypoint-'));
    chmodSync(dir, 0o755); // the unprivileged user must reach the folders inside
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('as root, runs the command as the uid that owns a bound state folder, and can write there', {
    skip: !root && 'needs root',
  }, () => {
    const state = path.join(dir, 'host-owned');
    mkdirSync(state);
    chownSync(state, 12345, 12346);
    writeFileSync(path.join(state, 'figurewatch.db'), ''); // left by a root container before
    const out = entrypoint(state, 'id -u; id -g; touch "$FIGUREWATCH_STATE_DIR/written"').split('\n');
    assert.deepEqual(out, ['12345', '12346']);
    assert.equal(statSync(path.join(state, 'written')).uid, 12345);
    assert.equal(statSync(path.join(state, 'figurewatch.db')).uid, 12345, 'files inside are given to the owner too');
  });

  it('as root, gives a root-owned state folder to the unprivileged user and runs as that user', {
    skip: !root && 'needs root',
  }, () => {
    const state = path.join(dir, 'fresh');
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    const out = entrypoint(state, 'id -u', { FIGUREWATCH_RUN_AS: 'nobody' });
    assert.equal(Number(out), nobody);
    assert.notEqual(Number(out), 0, 'never root');
    assert.equal(statSync(state).uid, nobody);
  });

  it('started unprivileged, runs the command as it is', { skip: root && 'runs as root here' }, () => {
    assert.equal(entrypoint(path.join(dir, 'plain'), 'id -u'), String(process.getuid?.()));
  });
});
