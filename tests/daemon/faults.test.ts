// Regression tests for what the chaos suite (tests/chaos/) found.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/config/errors.js';
import { acquireStoreLock, lockPathFor } from '../../src/daemon/storeLock.js';
import type { Channel, OutboxDigest } from '../../src/digest/channels/channel.js';
import { Delivery } from '../../src/digest/deliver.js';
import { digestData } from '../../src/digest/digestData.js';
import { openSqliteStore, sqliteProblem } from '../../src/store/sqlite/sqliteStore.js';
import { figurewatch } from '../support/cli.js';
import { memoryLogger } from '../support/logger.js';

describe('faults the chaos suite found', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-faults-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a stale lock that cannot be removed (a read-only folder) is a clear message, not an internal error', async () => {
    const store = path.join(dir, 'stuck.db');
    mkdirSync(lockPathFor(store)); // exists, unreadable as a lock, and not removable by unlink
    await assert.rejects(
      acquireStoreLock(store, 'run'),
      (err: unknown) =>
        err instanceof UserError &&
        /Cannot take over the lock file .*stuck\.db\.lock .*check that the store's folder is writable/.test(
          err.message,
        ),
    );
  });

  it('a heartbeat that cannot be written (disk full) leaves the lock whole and is reported, not thrown', async () => {
    const store = path.join(dir, 'heartbeat.db');
    const lock = await acquireStoreLock(store, 'run');
    try {
      assert.equal(lock.update({ lastCycleMs: 5 }), null);
      mkdirSync(`${lock.path}.${process.pid}.tmp`); // the write aside fails
      const err = lock.update({ lastCycleMs: 9 });
      assert.ok(err instanceof Error);
      const held = JSON.parse(readFileSync(lock.path, 'utf8')) as { pid: number; lastCycleMs: number };
      assert.deepEqual([held.pid, held.lastCycleMs], [process.pid, 5], 'the previous heartbeat, whole');
      rmSync(`${lock.path}.${process.pid}.tmp`, { recursive: true });
    } finally {
      lock.release();
    }
  });

  it('store failures an operator can fix are named with the fix', () => {
    const problem = (code: string): string | null =>
      sqliteProblem(Object.assign(new Error('x'), { code }), 'state/fw.db');
    assert.match(problem('SQLITE_FULL')!, /disk holding the store state\/fw\.db is full .*free some space/);
    assert.match(problem('SQLITE_READONLY_DBMOVED')!, /read-only .*make the file and its folder writable/);
    assert.match(problem('SQLITE_IOERR_WRITE')!, /cannot write the store/);
    assert.match(problem('SQLITE_CORRUPT')!, /damaged/);
    assert.equal(problem('SQLITE_CONSTRAINT_UNIQUE'), null, 'a bug, not an operator fault');
    assert.equal(sqliteProblem(new Error('plain'), 'x'), null);
  });

  it('a digest sent whose "sent" mark fails is marked later and never sent again', async () => {
    const store = openSqliteStore(path.join(dir, 'outbox.db'));
    const sent: OutboxDigest[] = [];
    const channel: Channel = {
      id: 'primary',
      name: 'recording',
      async send(m) {
        sent.push(m);
      },
    };
    const delivery = new Delivery([channel]);
    try {
      const notice = { feedName: 'Wire', kind: 'failing' as const, since: '2025-07-01 00:00', message: '500' };
      const data = digestData({
        changes: [],
        notices: [notice],
        labels: new Map(),
        ledger: [],
        previous: null,
        bandWindowDays: 90,
      });
      await store.queueDigest(
        '2025-07-01T00:00:00Z',
        { subject: 's', data: JSON.stringify(data) },
        delivery.channelIds,
      );
      const markDelivered = store.markDelivered.bind(store);
      store.markDelivered = async () => {
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      };
      await assert.rejects(
        delivery.deliver(store, memoryLogger().logger, () => new Date()),
        /full/,
      );
      assert.equal(sent.length, 1);
      store.markDelivered = markDelivered;
      await delivery.deliver(store, memoryLogger().logger, () => new Date());
      assert.equal(sent.length, 1, 'not sent a second time');
      assert.equal((await store.pendingDeliveries(delivery.channelIds)).length, 0, 'marked now');
    } finally {
      await store.close();
    }
  });

  it('a SIGTERM while the program is still loading stops it with exit code 0', async () => {
    const config = path.join(dir, 'early.yaml');
    writeFileSync(config, `store:\n  path: ${path.join(dir, 'early.db')}\nfeeds: []\n`);
    // The signal must land after Node's own start-up and before the program has loaded; the delay
    // that does so varies by machine, so a few are tried.
    let held = false;
    for (const delayMs of [120, 60, 200, 30, 300]) {
      const run = await figurewatch(['run', '--config', config], { signalAfterMs: delayMs });
      assert.ok(run.code === 0 || run.signal === 'SIGTERM', `exit ${run.code} ${run.signal}: ${run.stderr}`);
      if (/SIGTERM while starting; stopped before doing anything/.test(run.stderr)) {
        assert.equal(run.code, 0);
        held = true;
        break;
      }
    }
    assert.ok(held, 'one of the delays reached the loading window');
  });
});
