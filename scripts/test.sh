#!/usr/bin/env bash
# The test command (`npm test`): lint, type-check, build, then the whole suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint (biome)"
npx biome check .
echo "== type-check (tsc --noEmit)"
npx tsc --noEmit -p .
echo "== build"
npx tsc -p tsconfig.build.json

mapfile -t files < <(find src test -name '*.test.ts' | sort)
run_suite() {
  echo "== tests on $1"
  BOSUN_TEST_ENGINE="$1" node --import tsx --test --test-concurrency=2 --test-timeout=120000 "${files[@]}"
}

run_suite sqlite
pg_url="${BOSUN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if node -e "const c=new (require('pg').Client)(process.argv[1]);c.connect().then(()=>c.end(),()=>process.exit(1))" "$pg_url" 2>/dev/null; then
  run_suite postgres
else
  echo "== PostgreSQL pass SKIPPED: no server answers at $pg_url (set BOSUN_TEST_DATABASE_URL or start PostgreSQL)"
fi
