/**
 * Prepared statements for postgres.js: Drizzle's queries are sent unprepared, so each would cost
 * two round trips; this wraps the client so that short ones are prepared once per connection.
 */
import type { Sql } from 'postgres';

/**
 * Statements with at most this many parameters are prepared once per connection. Longer ones
 * (multi-row inserts, long `in` lists) vary in length, so each length would be a statement of its
 * own that postgres.js keeps for the connection's life; they stay unnamed.
 */
export const MAX_PREPARED_PARAMETERS = 64;

/**
 * Drizzle sends its queries through postgres.js `unsafe()`, which does not prepare them: each
 * parameterised query is then two round trips (parse and describe, wait for the parameter types,
 * then bind and execute), and a handled webhook event makes several. Named prepared statements, the
 * driver's own default for its tagged queries, take one round trip from the second use on. The
 * wrapper is applied again to the client a transaction or savepoint hands its callback.
 */
export function preparingClient<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, args?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(
            query,
            args as never,
            args && args.length > 0 && args.length <= MAX_PREPARED_PARAMETERS ? { ...options, prepare: true } : options,
          );
      }
      if (property === 'begin' || property === 'savepoint') {
        const original = Reflect.get(target, property, receiver) as (...a: unknown[]) => Promise<unknown>;
        return (...a: unknown[]) => {
          const fn = a.pop() as (tx: Sql) => unknown;
          return original.call(target, ...a, (tx: Sql) => fn(preparingClient(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
