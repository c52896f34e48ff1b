#!/usr/bin/env bash
# The test command (`npm test`): lint, type-check, build, then the whole suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint (biome)"
npx biome check --error-on-warnings .
echo "== type-check (tsc --noEmit)"
npx tsc --noEmit -p .
npx tsc --noEmit -p src/console
echo "== build (server and console)"
npx tsc -p tsconfig.build.json
npx vite build --config src/console/vite.config.ts

mapfile -t files < <(find src test -name '*.test.ts' | sort)
passed=0
failed=0
run_suite() {
  echo "== tests on $1"
  local log
  log=$(mktemp)
  local status=0
  BOSUN_TEST_ENGINE="$1" node --import tsx --test --test-concurrency=2 --test-timeout=120000 "${files[@]}" | tee "$log" || status=$?
  local p f
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  rm -f "$log"
  return "$status"
}

run_suite sqlite
pg_url="${BOSUN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if node -e "const c=new (require('pg').Client)(process.argv[1]);c.connect().then(()=>c.end(),()=>process.exit(1))" "$pg_url" 2>/dev/null; then
  run_suite postgres
elif [ -n "${CI:-}" ]; then
  echo "== PostgreSQL pass FAILED: no server answers at $pg_url, and CI must run both engines" >&2
  exit 1
else
  echo "== PostgreSQL pass SKIPPED: no server answers at $pg_url (set BOSUN_TEST_DATABASE_URL or start PostgreSQL)"
fi

echo "all engines: ${passed} passed, ${failed} failed"
