#!/usr/bin/env bash
# The test command: ensure the venv, start a throwaway PostgreSQL cluster, run pytest, clean up.
#
#   bash scripts/test.sh [pytest args…]
#
# The pytest exit code is this script's exit code. When SYMPHAINY_TEST_DATABASE_URL is already
# set (e.g. a compose-managed server), no cluster is started and that server is used instead.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
# shellcheck source=scripts/_lib.sh
source "$ROOT/scripts/_lib.sh"

main() {
    ensure_venv
    ensure_test_tools
    ensure_axe
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    if [ -z "${SYMPHAINY_TEST_DATABASE_URL:-}" ]; then
        ensure_postgres
        start_cluster
        export SYMPHAINY_TEST_DATABASE_URL="$PG_URL"
    fi
    set +e
    "$VENV/bin/python" -m pytest "$@"
    local rc=$?
    set -e
    return "$rc"
}

main "$@"
