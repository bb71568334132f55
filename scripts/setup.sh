#!/usr/bin/env bash
# Installs the Python dependencies from the lock and compiles the translations.
# Executed: does both. Sourced (by run.sh and test.sh): only defines the functions.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/python.sh
source scripts/python.sh

sangtao_sync() {
    # The dev group (pytest, Playwright, ruff) is small and `make test` needs it, so it is always installed.
    "$UV" sync --frozen --group dev --quiet
}

sangtao_compile_messages() {
    if ! find locale sangtao -name '*.po' -print -quit 2>/dev/null | grep -q .; then
        echo "· No .po files yet; nothing to compile."
        return 0
    fi
    if ! command -v msgfmt >/dev/null 2>&1; then
        echo "warning: msgfmt (GNU gettext) is missing, so the English translation is not compiled." >&2
        echo "         Install it: sudo apt-get install gettext   (macOS: brew install gettext)" >&2
        return 0
    fi
    "$VENV_PY" manage.py compilemessages --ignore .venv --ignore var --ignore node_modules --verbosity 0
}

# The management commands this checkout has (some are added by later work).
sangtao_has_command() {
    if [ -z "${_SANGTAO_COMMANDS:-}" ]; then
        _SANGTAO_COMMANDS=$("$VENV_PY" manage.py help --commands)
    fi
    grep -qx "$1" <<<"$_SANGTAO_COMMANDS"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    sangtao_sync
    sangtao_compile_messages
    echo "· Dependencies installed in .venv (Python: $UV_PYTHON)."
fi
