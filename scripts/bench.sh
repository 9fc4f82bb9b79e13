#!/usr/bin/env bash
# The benchmark command: ensure the venv, start a throwaway PostgreSQL, run every benchmark.
#
#   bash scripts/bench.sh [--compare] [benchmark names…]   results: printed and in benchmarks/results/
#   --compare: each figure against the previous results file, regressions flagged
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PG_DB=symphainy_bench
# shellcheck source=scripts/_lib.sh
source "$ROOT/scripts/_lib.sh"

ensure_venv
# The HTTP benchmark's load client: a compiled one, so the client is not what is measured.
command -v wrk >/dev/null 2>&1 || apt_install wrk
trap cleanup EXIT
if [ -z "${SYMPHAINY_BENCH_DATABASE_URL:-}" ]; then
    ensure_postgres
    start_cluster
    export SYMPHAINY_BENCH_DATABASE_URL="$PG_URL"
fi
"$VENV/bin/python" -m benchmarks "$@"
