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

# The suites that drive the real AWS CLI and the README run beside the other passes, so on a busy machine (below).
mapfile -t cli_files < <(find test -name 'aws-cli*.test.ts' -o -name 'sts.test.ts' -o -name 'readme.test.ts' | sort)
# Everything else runs on SQLite first.
mapfile -t files < <(find src test -name '*.test.ts' | sort | grep -vxF -f <(printf '%s\n' "${cli_files[@]}"))
# Files that open a database (a test server, the store, the engine switch) run on PostgreSQL too — except those whose
# subject is not the store: a client (the AWS CLI's output, the browser, a session's bytes), the agent's channel and
# registration protocol and its delivery timers, and the architecture rules. What they store is stored by the same
# actions the SDK suites run on both engines, and each pass of them costs minutes.
client_only='test/compat/(aws-cli[^/]*|sts)\.test\.ts|test/e2e/(console[^/]*|sessions|agent-channel|agent-registration|run-command-delivery-timeout)\.test\.ts|test/architecture/.*'
mapfile -t engine_files < <(grep -l "startTestServer\|openDatabase\|testEngine\|BOSUN_TEST_ENGINE\|postgresUrl" "${files[@]}" | grep -vE "^(${client_only})$")
passed=0
failed=0
status=0
report=()
# A test's deadline only stops a hang: waits give up after their idle-machine time × BOSUN_TEST_PATIENCE (test/kit/wait.ts).
runner=(node --import tsx --test --test-concurrency=2 --test-timeout=600000)
# Each pass's output and exit status (removed at the end; not by an EXIT trap, which the passes' subshells would run).
logs=$(mktemp -d)

# Runs test files on one engine in the background; its output and exit status go to $logs/<slot>.
start_suite() {
  local slot="$1" engine="$2"
  shift 2
  (
    local started=$SECONDS
    BOSUN_TEST_ENGINE="$engine" "${runner[@]}" "$@" >"$logs/$slot.log" 2>&1
    echo $? >"$logs/$slot.status"
    echo $((SECONDS - started)) >"$logs/$slot.seconds"
  ) &
}

# Prints a finished suite's output, adds its counts to the totals, and remembers its line for the summary.
report_suite() {
  local slot="$1" name="$2" p f suite_status
  echo "== tests: ${name}"
  cat "$logs/$slot.log"
  suite_status=$(cat "$logs/$slot.status" 2>/dev/null || echo 1)
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/$slot.log" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/$slot.log" | tail -1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  local line="${name}: ${p:-0} passed, ${f:-0} failed in $(cat "$logs/$slot.seconds" 2>/dev/null || echo '?') s"
  if [ "$suite_status" -ne 0 ]; then
    line+=" (exit ${suite_status})"
    status=1
  fi
  report+=("$line")
}

# The passes run at once, so each keeps the machine busy for the others — the AWS CLI and README suites in
# particular must pass on a loaded machine, as CI's is. Output is printed per pass when all have finished.
start_suite sqlite sqlite "${files[@]}"
pg_url="${BOSUN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_state=run
if node -e "const c=new (require('pg').Client)(process.argv[1]);c.connect().then(()=>c.end(),()=>process.exit(1))" "$pg_url" 2>/dev/null; then
  start_suite postgres postgres "${engine_files[@]}"
elif [ -n "${CI:-}" ]; then
  pg_state=missing
else
  pg_state=skipped
fi
start_suite cli sqlite "${cli_files[@]}"
echo "== tests: running the SQLite pass, the PostgreSQL pass and the AWS CLI and README suites at once"
started=$SECONDS
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
  sleep 30
  echo "   … $((SECONDS - started)) s: $(cat "$logs"/*.log 2>/dev/null | grep -c '^ok \|^not ok ' || true) files finished"
done
wait

report_suite sqlite "SQLite"
case "$pg_state" in
  run) report_suite postgres "PostgreSQL (the ${#engine_files[@]} files that open a database)" ;;
  missing)
    echo "== PostgreSQL pass FAILED: no server answers at $pg_url, and CI must run both engines" >&2
    report+=("PostgreSQL: not run (no server at $pg_url)")
    status=1
    ;;
  *)
    echo "== PostgreSQL pass SKIPPED: no server answers at $pg_url (set BOSUN_TEST_DATABASE_URL or start PostgreSQL)"
    report+=("PostgreSQL: skipped (no server at $pg_url)")
    ;;
esac
report_suite cli "AWS CLI and README suites, beside the other passes (SQLite)"

rm -rf "$logs"
echo "== summary"
printf '  %s\n' "${report[@]}"
echo "all engines: ${passed} passed, ${failed} failed"
exit "$status"
