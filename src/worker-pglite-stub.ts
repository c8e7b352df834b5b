/**
 * Stands in for `@electric-sql/pglite` and `drizzle-orm/pglite` in the Workers bundle (wrangler.toml
 * `[alias]`). db/client.ts imports them lazily for the Node runtime without DATABASE_URL; a Worker
 * always has Postgres through Hyperdrive, so this is never called, and the WASM build of Postgres stays
 * out of the bundle.
 */
const unavailable = (): never => {
  throw new Error(
    'PGlite is not available on Cloudflare Workers: bind Postgres through Hyperdrive (see docs/workers.md)',
  );
};

// biome-ignore lint/complexity/noStaticOnlyClass: stands in for PGlite's class, whose only use here is PGlite.create
export class PGlite {
  static create(): never {
    return unavailable();
  }
}

export function drizzle(): never {
  return unavailable();
}
