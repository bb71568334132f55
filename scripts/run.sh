#!/usr/bin/env bash
# `make run`: install, migrate the SQLite database in var/, load the demo data once, then start the task
# worker in the background and the web server on 127.0.0.1:8000. Running it again keeps the data.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

ADDRESS="${SANGTAO_ADDRESS:-127.0.0.1:8000}"

echo "· Installing dependencies (uv sync --frozen)…"
sangtao_sync
sangtao_compile_messages
mkdir -p var

echo "· Migrating the database…"
"$VENV_PY" manage.py migrate --no-input --verbosity 0

DEMO=$("$VENV_PY" manage.py shell --no-imports -c 'from django.conf import settings; print(settings.SANGTAO_DEMO)')
if [ "$DEMO" != True ]; then
    echo "· Demo mode is off (SANGTAO_DEMO): no demo data, no demo accounts."
elif sangtao_has_command load_demo; then
    echo "· Loading the demo data if the database is empty…"
    "$VENV_PY" manage.py load_demo --if-empty
else
    echo "warning: this checkout has no load_demo command yet; starting without demo data." >&2
fi

# The worker runs the background tasks (e-mails, reminders). Without --no-reload it would fork a reloader
# child that outlives the kill below.
"$VENV_PY" manage.py schedule_jobs  # the daily reminders (deadlines, documents to acknowledge) wait for the worker
"$VENV_PY" manage.py db_worker --no-reload >>var/worker.log 2>&1 &
WORKER_PID=$!
stop_worker() {
    if kill -0 "$WORKER_PID" 2>/dev/null; then
        echo "· Stopping the task worker…"
        kill -TERM "$WORKER_PID" 2>/dev/null || true
        wait "$WORKER_PID" 2>/dev/null || true
    fi
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo
echo "  Sáng Tạo is running at http://${ADDRESS}/   (Ctrl-C stops the server and the worker)"
echo "  Task worker: pid ${WORKER_PID}, log in var/worker.log (e-mails are printed there)."
echo
if [ "$DEMO" != True ]; then
    :
elif sangtao_has_command demo_accounts; then
    "$VENV_PY" manage.py demo_accounts
else
    echo "  Demo accounts (password: ${SANGTAO_DEMO_PASSWORD:-SangTao@2024-demo}):"
    cat <<'ACCOUNTS'
    demo-admin           Quản trị hệ thống (sets up a TOTP second factor at first login)
    demo-leader          Lãnh đạo Phòng
    demo-specialist      Chuyên viên, Tổ Phổ thông
    demo-principal-a     Thủ trưởng đơn vị, school A (THCS)
    demo-coordinator-a   Cán bộ phụ trách, school A (THCS)
    demo-principal-b     Thủ trưởng đơn vị, school B (TH)
    demo-teacher-a       Giáo viên, school A
    demo-partner         Đơn vị phối hợp, Phòng Kinh tế
    demo-observer        Theo dõi, UBND Quận 12
ACCOUNTS
fi
echo

"$VENV_PY" manage.py runserver "$ADDRESS"
