# Shared by scripts/test.sh, scripts/bench.sh and scripts/up.sh: venv and throwaway PostgreSQL.
# Expects ROOT and VENV to be set by the caller.
PG_DB="${PG_DB:-symphainy_test}"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

as_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
    as_root || { log "need root to apt-get install $*"; return 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# What a running platform installs: every extra a capability or store of `symphainy up` may
# load (mcp and otel are opt-in surfaces, not part of a run). `dev` includes all of these.
RUN_EXTRAS="postgres,parsers,embeddings,documents,redis"

# ensure_venv [run|dev]: the venv with symphainy installed (editable) and the extras of that
# set: `run` for scripts/up.sh, `dev` (the default: test and lint tools too) for the others.
ensure_venv() {
    local set="${1:-dev}" extras
    case "$set" in
        run) extras="$RUN_EXTRAS" ;;
        dev) extras="dev" ;;
        *) log "ensure_venv: unknown set '$set' (run or dev)"; return 2 ;;
    esac
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating $VENV"
        python3 -m venv "$VENV" || { apt_install python3-venv && python3 -m venv "$VENV"; }
    fi
    # Reinstall only when the dependency declaration changed since the last install of this
    # set; a dev install covers a run, so up.sh after test.sh installs nothing.
    local want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if venv_stamped "$set" "$want" || { [ "$set" = run ] && venv_stamped dev "$want"; }; then
        return 0
    fi
    log "installing symphainy[$extras] into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[$extras]"
    echo "$want" >"$VENV/.symphainy-$set-installed"
}

venv_stamped() { [ "$(cat "$VENV/.symphainy-$1-installed" 2>/dev/null || true)" = "$2" ]; }

pg_bindir() {
    # Highest installed major version.
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Debian tools the tests use for real: Tesseract (OCR), Redis (shared rate limits),
# Chromium (browser tests of the console, driven by Playwright with executable_path).
ensure_test_tools() {
    local missing=()
    command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr tesseract-ocr-eng)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        apt_install "${missing[@]}"
    fi
}

# axe-core (the accessibility checker the browser tests inject into pages), pinned, from the
# npm registry into .cache/axe (kept between runs; reinstalled only when the pin changes).
AXE_VERSION="4.14.1"
ensure_axe() {
    local dir="$ROOT/.cache/axe"
    [ "$(cat "$dir/.version" 2>/dev/null || true)" = "$AXE_VERSION" ] && return 0
    command -v npm >/dev/null 2>&1 || { log "installing npm"; apt_install npm; }
    log "installing axe-core@$AXE_VERSION into $dir"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --no-package-lock --prefix "$dir" "axe-core@$AXE_VERSION"
    echo "$AXE_VERSION" >"$dir/.version"
}

ensure_postgres() {
    if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/postgres" ]; then
        log "installing PostgreSQL"
        apt_install postgresql
    fi
    PG_BIN="$(pg_bindir)"
    if as_root && ! id -u postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
}

# PostgreSQL refuses to run as root: run server-side commands as `postgres` when we are root.
as_pg() {
    if as_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

PG_DIR=""
cleanup() {
    local rc=$?
    if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
        if [ -f "$PG_DIR/data/postmaster.pid" ]; then
            as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_DIR"
    fi
    exit "$rc"
}

start_cluster() {
    # Under /tmp (not the repo) so the postgres user can reach it whatever the checkout's modes.
    PG_DIR="$(mktemp -d /tmp/symphainy-pgtest.XXXXXX)"
    chmod 755 "$PG_DIR"
    as_root && chown postgres "$PG_DIR"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    local attempt
    for attempt in 1 2 3; do
        PG_PORT="$(free_port)"
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
            -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" \
            start >/dev/null; then
            break
        fi
        [ "$attempt" -eq 3 ] && { cat "$PG_DIR/server.log" >&2; return 1; }
        log "port $PG_PORT was taken; retrying"
    done
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
    PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB"
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

