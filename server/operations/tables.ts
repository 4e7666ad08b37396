import { createHash } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type { PoolClient } from 'pg';

/**
 * What a move copies, discovered from the databases themselves rather than listed by hand, so
 * tables added by later migrations are moved without editing this code: every table the migrated
 * target has that the source has too, minus migration bookkeeping and search indexes (rebuilt by
 * the target's own triggers or generated columns).
 */
export interface TableCopy {
  name: string;
  /** Columns written to the target: common to both sides, never a generated column. */
  columns: string[];
  /** Tables this one references: copied first. */
  parents: string[];
}

/** Bookkeeping that each database keeps for itself. */
const NOT_DATA = /^(kysely_migration|kysely_migration_lock|tweetjam_move_progress|sqlite_.*|.*_fts(_.*)?)$/;

export function sqliteTables(db: SQLite.Database): Map<string, { columns: string[]; parents: string[] }> {
  const tables = new Map<string, { columns: string[]; parents: string[] }>();
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
  for (const { name } of names) {
    if (NOT_DATA.test(name)) continue;
    const columns = (db.prepare('SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0').all(name) as { name: string }[]).map((c) => c.name);
    const parents = (db.prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as { parent: string }[]).map((p) => p.parent);
    tables.set(name, { columns, parents });
  }
  return tables;
}

export async function postgresTables(client: PoolClient): Promise<Map<string, { columns: string[]; parents: string[]; serials: string[] }>> {
  const columns = await client.query<{ table_name: string; column_name: string; is_generated: string; column_default: string | null }>(
    `SELECT table_name, column_name, is_generated, column_default FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, { columns: string[]; parents: string[]; serials: string[] }>();
  for (const row of columns.rows) {
    if (NOT_DATA.test(row.table_name)) continue;
    const table = tables.get(row.table_name) ?? { columns: [], parents: [], serials: [] };
    tables.set(row.table_name, table);
    if (row.is_generated === 'ALWAYS') continue;
    table.columns.push(row.column_name);
    if (row.column_default?.startsWith('nextval(')) table.serials.push(row.column_name);
  }
  const keys = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`,
  );
  for (const { child, parent } of keys.rows) tables.get(child)?.parents.push(parent);
  return tables;
}

/** The tables to copy, parents before children (a cycle, should one appear, falls back to name order). */
export function copyPlan(source: Map<string, { columns: string[]; parents: string[] }>, target: Map<string, { columns: string[]; parents: string[] }>): { tables: TableCopy[]; onlyInSource: string[] } {
  const common = [...source.keys()].filter((name) => target.has(name)).sort();
  const onlyInSource = [...source.keys()].filter((name) => !target.has(name)).sort();
  const byName = new Map(
    common.map((name) => {
      const wanted = new Set(target.get(name)!.columns);
      const parents = [...new Set([...source.get(name)!.parents, ...target.get(name)!.parents])].filter((p) => p !== name && common.includes(p));
      return [name, { name, columns: source.get(name)!.columns.filter((c) => wanted.has(c)), parents }];
    }),
  );
  const ordered: TableCopy[] = [];
  const placed = new Set<string>();
  while (placed.size < byName.size) {
    const ready = [...byName.values()].filter((t) => !placed.has(t.name) && t.parents.every((p) => placed.has(p)));
    const next = ready.length > 0 ? ready : [[...byName.values()].find((t) => !placed.has(t.name))!];
    for (const table of next) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return { tables: ordered, onlyInSource };
}

/**
 * An order-independent checksum of rows: the sum of each row's SHA-256 prefix, so both databases
 * can be read in whatever order they return rows. Values are compared as text (PostgreSQL returns
 * 64-bit integers as strings, SQLite as numbers).
 */
export class RowChecksum {
  #sum = 0n;
  count = 0;

  add(row: Record<string, unknown>, columns: string[]): void {
    const hash = createHash('sha256');
    for (const column of columns) {
      const value = row[column];
      hash.update(value === null || value === undefined ? '\u0000null' : Buffer.isBuffer(value) ? `\u0001${value.toString('base64')}` : `\u0002${String(value)}`);
      hash.update('\u001f');
    }
    this.#sum = (this.#sum + hash.digest().readBigUInt64BE(0)) & 0xffffffffffffffffn;
    this.count++;
  }

  get hex(): string {
    return this.#sum.toString(16).padStart(16, '0');
  }
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
