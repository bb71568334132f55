# shellcheck shell=bash
# Sourced by the other scripts: finds a Python >= 3.12 already on this machine (never downloads one),
# points uv at it, and installs uv itself when it is missing.
#
# Exports: UV_PYTHON, UV_PYTHON_DOWNLOADS=never, UV (the uv command), VENV_PY (the project's python).

_sangtao_py_ok() {
    [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

_sangtao_find_python() {
    local candidate home
    local -a candidates=()
    # 1. What the caller asked for.
    [ -n "${UV_PYTHON:-}" ] && candidates+=("$UV_PYTHON")
    # 2. The interpreter the existing .venv was built from: reusing it keeps uv from rebuilding the venv.
    if [ -f .venv/pyvenv.cfg ]; then
        home=$(sed -n 's/^home *= *//p' .venv/pyvenv.cfg)
        [ -n "$home" ] && candidates+=("$home/python3")
    fi
    # 3. Commands on PATH (pyenv shims answer only when that version is active, hence the checks below).
    candidates+=(python3.12 python3.13 python3.14)
    # 4. pyenv installs and system interpreters.
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3.1[2-9] \
        /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    # 5. Plain python3, if it is new enough.
    candidates+=(python3)
    for candidate in "${candidates[@]}"; do
        if _sangtao_py_ok "$candidate"; then
            # Resolve shims and relative names to the real interpreter.
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 1
}

if ! UV_PYTHON=$(_sangtao_find_python); then
    cat >&2 <<'MSG'
error: Sáng Tạo needs Python 3.12 or newer, and none was found on this machine.
       Looked for: $UV_PYTHON, .venv's interpreter, python3.12, python3.13, python3.14,
       ~/.pyenv/versions/3.1x, /usr/local/bin/python3.1x, /usr/bin/python3.1x, python3.
       Install one (e.g. `apt-get install python3.12` or `pyenv install 3.12`), or set UV_PYTHON to its path.
MSG
    return 1 2>/dev/null || exit 1
fi
export UV_PYTHON
export UV_PYTHON_DOWNLOADS=never

# A uv installed by an earlier run sits in the interpreter's user base (or beside it), maybe not on PATH.
user_base=$("$UV_PYTHON" -m site --user-base 2>/dev/null || true)
export PATH="$PATH:${user_base:+$user_base/bin:}$(dirname "$UV_PYTHON")"
if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
    UV=$(command -v uv)
else
    echo "uv is missing; installing it with pip (${UV_PYTHON})…" >&2
    "$UV_PYTHON" -m pip install --quiet --user uv || "$UV_PYTHON" -m pip install --quiet uv || {
        echo "error: could not install uv. Install it yourself: $UV_PYTHON -m pip install --user uv" >&2
        return 1 2>/dev/null || exit 1
    }
    user_base=$("$UV_PYTHON" -m site --user-base)
    export PATH="$user_base/bin:$(dirname "$UV_PYTHON"):$PATH"
    UV=$(command -v uv) || {
        echo "error: uv was installed but is not on PATH (looked in $user_base/bin)." >&2
        return 1 2>/dev/null || exit 1
    }
fi
export UV
export VENV_PY="${UV_PROJECT_ENVIRONMENT:-.venv}/bin/python"
