#!/usr/bin/env bash
# `npm run harness`: the long parts of the trust harness (issue 13). The fast parts run in `npm test` (test/trust).
#   fuzzing with many more inputs per action and agent frames, on SQLite and PostgreSQL;
#   exhaustion of a real server (bodies, slowloris, idle floods, lake queries), /health and peak RSS watched;
#   faults: a command storm to 2,000 simulated and 3 real agents while the server and the agents are killed;
#   the herd: 10,000 simulated agents reconnecting after kill -9 of the server (HERD_NODES to change), SQLite checked.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/bosun.js ] || npx tsc -p tsconfig.build.json
echo "== fuzzing (SQLite, then PostgreSQL)"
BOSUN_FUZZ_RUNS="${FUZZ_RUNS:-400}" BOSUN_FUZZ_FRAMES="${FUZZ_FRAMES:-2000}" BOSUN_TEST_ENGINE=sqlite node --import tsx --test test/trust/fuzz.test.ts
BOSUN_FUZZ_RUNS="${FUZZ_RUNS:-400}" BOSUN_FUZZ_FRAMES="${FUZZ_FRAMES:-2000}" BOSUN_TEST_ENGINE=postgres node --import tsx --test test/trust/fuzz.test.ts
echo "== exhaustion"
node --import tsx test/harness/exhaustion.harness.ts
echo "== faults"
node --import tsx test/harness/faults.harness.ts "--nodes=${FAULT_NODES:-2000}" "--commands=${FAULT_COMMANDS:-20}"
echo "== herd"
node --import tsx test/harness/herd.harness.ts "--nodes=${HERD_NODES:-10000}"
