import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/pgStore.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { storeSuite } from './storeSuite.js';

const skip = postgresSkipReason();

describe('PostgreSQL store', { skip }, () => {
  let server: TestPostgres;
  before(async () => {
    server = await startTestPostgres();
  });
  after(() => server?.stop());

  storeSuite('PostgreSQL', async (label) => openPostgresStore(server.createDatabase(`suite_${label}`)));

  it('applies each migration once when several workers start together', async () => {
    const url = server.createDatabase('racing_start');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    assert.deepEqual(
      rows.map((r) => r.version),
      PG_MIGRATIONS.map((_, i) => i + 1),
    );
    await Promise.all(stores.map((s) => s.close()));
  });

  it('explains a refused connection, a missing database and a wrong password, never showing the password', async () => {
    const missing = `postgres://postgres:s3cret@127.0.0.1:${server.port}/no_such_db`;
    await assert.rejects(openPostgresStore(missing), (err: Error) => {
      assert.match(err.message, /database no_such_db does not exist.*createdb no_such_db/);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
    await assert.rejects(openPostgresStore('postgres://postgres:s3cret@127.0.0.1:1/x'), (err: Error) => {
      assert.match(err.message, /connection refused\): start the server, or fix the host and port in store.url/);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
  });
});
