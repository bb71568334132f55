#!/usr/bin/env bash
# `make test`: install the test dependencies and run every test — unit, integration and browser.
# SQLite by default; PostgreSQL when DATABASE_URL is set. Extra pytest arguments: `make test ARGS="-k login"`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

CHROMIUM="${SANGTAO_CHROMIUM:-/usr/bin/chromium}"

ensure_chromium() {
    [ -x "$CHROMIUM" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "· Installing Chromium for the browser tests (apt-get install chromium)…"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        [ -x "$CHROMIUM" ] && return 0
    fi
    cat >&2 <<MSG
error: the browser tests need Chromium at $CHROMIUM and it is missing.
       Debian/Ubuntu: sudo apt-get install chromium    (Playwright's own browser downloads are not used)
       Or point SANGTAO_CHROMIUM at another Chromium binary.
MSG
    exit 1
}

echo "· Installing dependencies (uv sync --frozen --group dev)…"
sangtao_sync
ensure_chromium
sangtao_compile_messages

mkdir -p var/staticfiles  # whitenoise warns when STATIC_ROOT is missing
echo "· Database: ${DATABASE_URL:-SQLite (set DATABASE_URL for PostgreSQL)}"
WORKERS="${PYTEST_WORKERS:-2}"

parallel=()
if [ "$WORKERS" != 0 ] && "$VENV_PY" -c "import xdist" 2>/dev/null; then
    parallel=(-n "$WORKERS")
fi
# Word-splitting ARGS is intended: it carries several pytest options.
# shellcheck disable=SC2086
exec "$VENV_PY" -m pytest "${parallel[@]}" ${ARGS:-}
