import type { ChangeRecord, StoredChange } from '../port.js';
import type { Sql } from './sql.js';

export function insertChanges(sql: Sql, at: string, records: readonly ChangeRecord[], notify: boolean): void {
  const insert = sql.get('INSERT INTO changes (created_at, kind, data, notify) VALUES (?, ?, ?, ?)');
  for (const r of records) insert.run(at, r.kind, JSON.stringify(r), notify ? 1 : 0);
}

export function undigestedChanges(sql: Sql): StoredChange[] {
  const rows = sql
    .get('SELECT id, created_at, data FROM changes WHERE notify = 1 AND digest_id IS NULL ORDER BY id')
    .all() as Array<{
    id: number;
    created_at: string;
    data: string;
  }>;
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, record: JSON.parse(r.data) as ChangeRecord }));
}
