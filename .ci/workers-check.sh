#!/usr/bin/env bash
# The Cloudflare Workers runtime, for real: builds the bundle (wrangler deploy --dry-run), then runs the
# Worker under `wrangler dev` (workerd, local mode) against a fresh Postgres database through the
# Hyperdrive binding and a fake Lark Open API, and checks it over HTTP (.ci/workers-check.ts).
#
#   npm run check:workers
#
# Needs Postgres on 127.0.0.1:5432 (user postgres; PGUSER / PGPASSWORD override); without it the check
# is skipped (exit 0). Creates database zhengwu_workers_check_<pid> and drops it afterwards.
# Prints one PASS / FAIL / SKIP line at the end; exits non-zero on failure.
set -uo pipefail

cd "$(dirname "$0")/.."
START=$(date +%s)
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=${PGUSER:-postgres}
# wrangler requires a password in a Hyperdrive connection string, even when the server trusts loopback.
PG_PASSWORD=${PGPASSWORD:-postgres}
DB_NAME="zhengwu_workers_check_$$"
ADMIN_URL="postgres://${PG_USER}:${PG_PASSWORD}@${PG_HOST}:${PG_PORT}/postgres"
DB_URL="postgres://${PG_USER}:${PG_PASSWORD}@${PG_HOST}:${PG_PORT}/${DB_NAME}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/workers-check.XXXXXX")
DB_CREATED=0
HELPER_PID=

finish() {
  local status=$1 line=$2
  echo "$line (in $(( $(date +%s) - START )) s)"
  exit "$status"
}

cleanup() {
  # The helper stops wrangler dev itself; this is the backstop if it was killed first.
  if [[ -n "$HELPER_PID" ]] && kill -0 "$HELPER_PID" 2>/dev/null; then kill "$HELPER_PID" 2>/dev/null; wait "$HELPER_PID" 2>/dev/null; fi
  if [[ -f "$TMP/wrangler.pid" ]]; then
    local pid
    pid=$(cat "$TMP/wrangler.pid")
    if kill -0 "$pid" 2>/dev/null; then kill -TERM -- "-$pid" 2>/dev/null; sleep 1; kill -KILL -- "-$pid" 2>/dev/null; fi
  fi
  if [[ $DB_CREATED == 1 ]]; then
    pg_admin "drop database if exists \"$DB_NAME\" with (force)" >/dev/null 2>&1 || echo "workers-check: could not drop database $DB_NAME" >&2
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One SQL statement on the maintenance database, with the postgres package the app already depends on.
pg_admin() {
  ADMIN_URL="$ADMIN_URL" SQL_TEXT="$1" node --input-type=module -e '
    import postgres from "postgres";
    const sql = postgres(process.env.ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
    try { await sql.unsafe(process.env.SQL_TEXT); } finally { await sql.end({ timeout: 2 }); }
  '
}

# --- 1. Postgres answering? Otherwise skip.
if ! node -e '
  const s = require("node:net").connect(5432, "127.0.0.1");
  s.setTimeout(2000, () => process.exit(1));
  s.on("connect", () => { s.end(); process.exit(0); });
  s.on("error", () => process.exit(1));
' 2>/dev/null; then
  finish 0 "SKIP workers-check: no Postgres answers on ${PG_HOST}:${PG_PORT} (start one, user ${PG_USER}, to run the Workers check)"
fi
if ! err=$(pg_admin "create database \"$DB_NAME\"" 2>&1); then
  finish 1 "FAIL workers-check: cannot create database $DB_NAME on ${PG_HOST}:${PG_PORT}: $(echo "$err" | grep -m1 -i error)"
fi
DB_CREATED=1

# --- 2. The bundle builds, without PGlite.
echo "workers-check: wrangler $(npx --no-install wrangler --version 2>/dev/null | tail -1), building the bundle (deploy --dry-run)"
if ! WRANGLER_SEND_METRICS=false WRANGLER_LOG_PATH="$TMP" npx --no-install wrangler deploy --dry-run --outdir "$TMP/bundle" >"$TMP/build.log" 2>&1; then
  cat "$TMP/build.log"
  finish 1 "FAIL workers-check: wrangler deploy --dry-run failed"
fi
grep -E 'Total Upload' "$TMP/build.log" | sed 's/^/  /'
if grep -q 'node_modules/@electric-sql/pglite' "$TMP/bundle/worker.js"; then
  finish 1 "FAIL workers-check: the Worker bundle contains @electric-sql/pglite (see [alias] in wrangler.toml)"
fi
echo "  ok   bundle builds and leaves PGlite out"

# --- 3. wrangler dev + HTTP checks.
WORKERS_CHECK_DB_URL="$DB_URL" WORKERS_CHECK_TMP="$TMP" npx --no-install tsx .ci/workers-check.ts &
HELPER_PID=$!
wait "$HELPER_PID"
status=$?
HELPER_PID=
if [[ $status == 0 ]]; then
  finish 0 "PASS workers-check: the Worker builds, runs under wrangler dev on Postgres via Hyperdrive and answers Lark correctly"
fi
finish 1 "FAIL workers-check: see the failed checks above"
