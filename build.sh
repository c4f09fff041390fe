#!/usr/bin/env bash
# TikTok Studio developer entry point.
#   ./build.sh test   installs what the tests need (Debian Chromium for the browser tests) and runs every test
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

case "${1:-test}" in
  test)
    ensure_chromium
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
