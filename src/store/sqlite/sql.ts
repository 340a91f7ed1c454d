import type Database from 'better-sqlite3';

/** Prepared statements, prepared once: preparing costs more than running the small queries here. */
export class Sql {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  get(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** A fingerprint as stored: its 32-bit words, little-endian. */
export function signatureToBlob(signature: Uint32Array): Buffer {
  const out = Buffer.alloc(signature.length * 4);
  for (let i = 0; i < signature.length; i++) out.writeUInt32LE(signature[i]!, i * 4);
  return out;
}

export function signatureFromBlob(blob: Buffer): Uint32Array {
  const out = new Uint32Array(blob.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = blob.readUInt32LE(i * 4);
  return out;
}
