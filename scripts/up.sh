#!/usr/bin/env bash
# The run command: install what running needs (symphainy and its runtime extras, not the dev
# tools), then start the whole platform on the embedded store (SQLite + local files in
# ./.symphainy/) and print where to open it.
#
#   bash scripts/up.sh [symphainy up options, e.g. --database-url postgresql://…]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
# shellcheck source=scripts/_lib.sh
source "$ROOT/scripts/_lib.sh"

ensure_venv run
exec "$VENV/bin/symphainy" up "$@"
