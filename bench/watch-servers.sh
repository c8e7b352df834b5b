#!/bin/bash
# Watches the benchmark's servers while a bench runs (how the outbox claim stall was found): every
# 2 s, for each running `src/server.ts`, its CPU, memory and /healthz latency (is the event loop
# free?), then every query running longer than 300 ms in the bench databases (is Postgres?).
#
#   bench/watch-servers.sh > /tmp/watch.log &   npm run bench:ab -- f35d370 HEAD
#
# Needs psql and curl; BENCH_PSQL_URL picks the server (default: the local one, trust auth).
set -u
url=${BENCH_PSQL_URL:-postgres://postgres@127.0.0.1:5432/postgres}
while true; do
  ts=$(date +%T)
  for pid in $(pgrep -f "src/server.ts"); do
    port=$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep '^PORT=' | cut -d= -f2)
    [ -z "$port" ] && continue
    db=$(tr '\0' '\n' < "/proc/$pid/environ" | grep '^DATABASE_URL=' | sed 's#.*/##')
    healthz=$(curl -s -o /dev/null -m 5 -w '%{time_total}' "http://127.0.0.1:$port/healthz")
    echo "$ts server pid=$pid cwd=$(readlink "/proc/$pid/cwd") db=$db cpu,rss=$(ps -o pcpu=,rss= -p "$pid" | xargs) healthz=${healthz}s"
  done
  psql "$url" -Atc "select '$ts query', datname, pid, state, wait_event_type, wait_event,
      round(extract(epoch from now() - query_start)::numeric, 2) || ' s',
      left(regexp_replace(query, '\s+', ' ', 'g'), 160)
    from pg_stat_activity
    where datname like 'bench%' and state <> 'idle' and query not like '%pg_stat_activity%'
      and now() - query_start > interval '300 ms'" 2>/dev/null
  sleep 2
done
