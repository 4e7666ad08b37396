import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Stands in for a named argument while a prepared query is compiled. */
class Argument {
  constructor(readonly name: string) {}
}

/** Each prepared query's SQL → a statement name, so PostgreSQL parses and plans it once per connection. */
const names = new Map<string, string>();

/** The statement name of a prepared query's SQL (undefined for any other SQL). */
export const statementName = (sql: string): string | undefined => names.get(sql);

/** Where a prepared query runs: the store, or a transaction of it. */
export type Executor = Pick<Kysely<Database>, 'executeQuery'>;

/**
 * A query built and compiled by Kysely once, then run with new argument values: building and
 * compiling costs ~0.1 ms a call (more for many values), which the posting path paid for each of
 * its reads and writes on every post. `build` receives a stand-in for each argument (use it only
 * where Kysely binds a parameter); every other parameter keeps the value it was built with.
 * Run it on `db`, or on a transaction (SQLite has one connection: a query outside the transaction
 * that holds it would wait for it forever).
 */
export function prepared<A extends object, R>(db: Executor, build: (arg: A) => Compilable<R>): (args: A, on?: Executor) => Promise<R[]> {
  let compiled: { query: CompiledQuery<R>; bind: ((args: A) => unknown)[] } | undefined;
  return async (args, on = db) => {
    if (!compiled) {
      const stand = new Proxy({} as A, { get: (_, name) => new Argument(String(name)) });
      const query = build(stand).compile();
      if (!names.has(query.sql)) names.set(query.sql, `tj_prepared_${names.size}`);
      const bind = query.parameters.map((value) => (value instanceof Argument ? (given: A) => (given as Record<string, unknown>)[value.name] : () => value));
      compiled = { query, bind };
    }
    const { query, bind } = compiled;
    const result = await on.executeQuery<R>({ ...query, parameters: bind.map((b) => b(args)) });
    return result.rows;
  };
}
