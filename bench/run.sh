#!/usr/bin/env bash
# `npm run bench`: every benchmark in bench/, each against a real peer measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in etcd wrk parallel-ssh /usr/sbin/sshd; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install -y etcd-server wrk pssh openssh-server" >&2; exit 1; }
done
[ -f dist/bosun.js ] || npx tsc -p tsconfig.build.json
node --import tsx bench/parameter-store.bench.ts "$@"
node --import tsx bench/agent-footprint.bench.ts
node --import tsx bench/run-command-fanout.bench.ts
node --import tsx bench/fleet-vs-pssh.bench.ts
node --import tsx bench/session-port-forward.bench.ts
node --import tsx bench/session-interactive.bench.ts
node --import tsx bench/inventory.bench.ts "--nodes=${INVENTORY_BENCH_NODES:-10000}"
node --import tsx bench/resource-data-sync.bench.ts "--nodes=${SYNC_BENCH_NODES:-10000}"
node --import tsx bench/compliance.bench.ts "--nodes=${COMPLIANCE_BENCH_NODES:-10000}"
node --import tsx bench/vulnerabilities.bench.ts "--nodes=${VULNERABILITY_BENCH_NODES:-10000}"
