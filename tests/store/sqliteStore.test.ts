import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { storeSuite } from './storeSuite.js';

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

storeSuite('SQLite', async (label) => openSqliteStore(path.join(dir, `${label}.db`)));

describe('SqliteStore', () => {
  it('applies the migrations once, in WAL mode, and reopens cleanly', async () => {
    const file = path.join(dir, 'fresh.db');
    await openSqliteStore(file).close();
    await openSqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });
});
