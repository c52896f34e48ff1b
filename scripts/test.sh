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

# The suites that drive the real AWS CLI and the README run with every core busy (below), as on a loaded CI machine.
mapfile -t cli_files < <(find test -name 'aws-cli*.test.ts' -o -name 'sts.test.ts' -o -name 'readme.test.ts' | sort)
# Everything else runs on SQLite first.
mapfile -t files < <(find src test -name '*.test.ts' | sort | grep -vxF -f <(printf '%s\n' "${cli_files[@]}"))
# Files that open a database (a test server, the store, the engine switch) run on PostgreSQL too — except those whose
# subject is a client rather than the store: the AWS CLI's output, the browser, a session's bytes. What they store is
# stored by the same actions the SDK suites run on both engines, and each pass of them costs minutes.
client_only='test/compat/(aws-cli[^/]*|sts)\.test\.ts|test/e2e/(console[^/]*|sessions)\.test\.ts'
mapfile -t engine_files < <(grep -l "startTestServer\|openDatabase\|testEngine\|BOSUN_TEST_ENGINE\|postgresUrl" "${files[@]}" | grep -vE "^(${client_only})$")
passed=0
failed=0
status=0
report=()
# A test's deadline only stops a hang: waits give up after their idle-machine time × BOSUN_TEST_PATIENCE (test/kit/wait.ts).
runner=(node --import tsx --test --test-concurrency=2 --test-timeout=600000)

# Runs test files on one engine, adds its counts to the totals, and remembers its line for the summary.
run_suite() {
  local name="$1" engine="$2"
  shift 2
  echo "== tests: ${name}"
  local log p f suite_status=0
  log=$(mktemp)
  BOSUN_TEST_ENGINE="$engine" "${runner[@]}" "$@" | tee "$log" || suite_status=$?
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
  rm -f "$log"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  local line="${name}: ${p:-0} passed, ${f:-0} failed"
  if [ "$suite_status" -ne 0 ]; then
    line+=" (exit ${suite_status})"
    status=1
  fi
  report+=("$line")
}

# Every core kept busy by a spinning process, as on a loaded CI machine, until the function returns.
run_under_load() {
  local hogs=()
  for _ in $(seq "$(nproc)"); do
    node -e 'for (;;) {}' &
    hogs+=("$!")
  done
  run_suite "$@"
  kill "${hogs[@]}" 2>/dev/null || true
  wait "${hogs[@]}" 2>/dev/null || true
}

# Each pass runs even when the one before failed, so a run reports both engines.
run_suite "SQLite" sqlite "${files[@]}"
pg_url="${BOSUN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if node -e "const c=new (require('pg').Client)(process.argv[1]);c.connect().then(()=>c.end(),()=>process.exit(1))" "$pg_url" 2>/dev/null; then
  run_suite "PostgreSQL (the ${#engine_files[@]} files that open a database)" postgres "${engine_files[@]}"
elif [ -n "${CI:-}" ]; then
  echo "== PostgreSQL pass FAILED: no server answers at $pg_url, and CI must run both engines" >&2
  report+=("PostgreSQL: not run (no server at $pg_url)")
  status=1
else
  echo "== PostgreSQL pass SKIPPED: no server answers at $pg_url (set BOSUN_TEST_DATABASE_URL or start PostgreSQL)"
  report+=("PostgreSQL: skipped (no server at $pg_url)")
fi
run_under_load "AWS CLI and README suites with every core busy (SQLite)" sqlite "${cli_files[@]}"

echo "== summary"
printf '  %s\n' "${report[@]}"
echo "all engines: ${passed} passed, ${failed} failed"
exit "$status"
