#!/usr/bin/env bash
# TikTok Studio developer entry point.
#   ./build.sh test   installs what the tests need (Debian Chromium for the browser tests, Debian PostgreSQL for the
#                     PostgreSQL test classes, started on a loopback port of its own) and runs every test
#   ./build.sh run    runs the app on its embedded defaults (SQLite, emulated TikTok)
set -euo pipefail
cd "$(dirname "$0")"

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then return; fi
  echo "Installing Debian's Chromium for the browser tests..."
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# Debian's ffmpeg/ffprobe: thumbnails and the TikTok-ready conversion (Features/Media) and their tests use them.
ensure_ffmpeg() {
  if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then return; fi
  echo "Installing Debian's ffmpeg for the media tests..."
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ffmpeg >/dev/null
}

as_root() { if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi; }

# Debian's PostgreSQL for the tests: a throw-away cluster in a temporary folder, owned by the postgres user, on
# 127.0.0.1 and a port of its own (never the system cluster). The tests get an admin connection string in
# STUDIO_TEST_POSTGRES and make a database per test class. Outside CI a machine without PostgreSQL still runs the
# other tests (the PostgreSQL classes are skipped, with the reason); under CI (CI=true) a PostgreSQL that cannot
# start fails the run.
PG_STARTED=""
ensure_postgres() {
  if [ -n "${STUDIO_TEST_POSTGRES:-}" ]; then echo "PostgreSQL for the tests: STUDIO_TEST_POSTGRES is set by the caller"; return 0; fi
  local port="${STUDIO_TEST_PG_PORT:-55432}"
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$bindir" ]; then
    echo "Installing Debian's PostgreSQL for the tests..."
    as_root apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null || return 1
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$bindir" ] || return 1
  fi
  local dir="${TMPDIR:-/tmp}/tiktok-studio-pg-$port"
  local run=()
  if [ "$(id -u)" = "0" ]; then run=(runuser -u postgres --); fi
  if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    if [ ! -s "$dir/PG_VERSION" ]; then
      rm -rf "$dir" && mkdir -p "$dir"
      if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$dir"; fi
      "${run[@]}" "$bindir/initdb" -D "$dir" -U postgres -A trust -E UTF8 --no-sync >/dev/null || return 1
    fi
    # Test data only: durability off, enough connections for two app hosts per test and two test classes at once.
    "${run[@]}" "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB" >/dev/null || { cat "$dir/server.log" >&2; return 1; }
    PG_STARTED="$bindir/pg_ctl -D $dir"
  fi
  export STUDIO_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50;Timeout=30;Command Timeout=60"
  echo "PostgreSQL for the tests: 127.0.0.1:$port ($("$bindir/postgres" --version))"
}

stop_postgres() {
  if [ -n "$PG_STARTED" ]; then
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- $PG_STARTED -m fast stop >/dev/null || true; else $PG_STARTED -m fast stop >/dev/null || true; fi
  fi
}

case "${1:-test}" in
  test)
    ensure_chromium
    ensure_ffmpeg
    if ! ensure_postgres; then
      if [ "${CI:-}" = "true" ]; then echo "PostgreSQL could not be installed or started; under CI its tests never skip." >&2; exit 1; fi
      echo "PostgreSQL could not be installed or started here: the PostgreSQL test classes will be skipped (reason printed by each)." >&2
    fi
    trap stop_postgres EXIT
    log="$(mktemp)"
    set +e
    dotnet test TikTokStudio.sln --nologo 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    # One closing line for the whole run, summed over the test assemblies.
    awk '/(Passed|Failed)!/ {
           for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
         }
         END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
    rm -f "$log"
    exit "$status"
    ;;
  run)
    exec dotnet run --project src/TikTokStudio.Web
    ;;
  *)
    echo "usage: ./build.sh [test|run]" >&2
    exit 2
    ;;
esac
