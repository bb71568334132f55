"""What bench/two_servers.py and bench/throughput.py share: a bench database with the demo data, a private
Redis, gunicorn servers with the production settings, and an HTTP client that logs in like a browser.

Not a benchmark itself. The servers run `config.settings.production` over plain HTTP on loopback, as
behind a TLS proxy: every request says `X-Forwarded-Proto: https` (SECURE_PROXY_SSL_HEADER), and the
client keeps the `Secure` cookies although the socket is plain.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SERVER = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "SangTao@2024-demo"  # the demo accounts' password (SANGTAO_DEMO_PASSWORD's default)
SECRET = "bench-only-secret-key-not-for-production-3f9c1a7e5b2d8c4f6a0e9b1d7c3f5a2e"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict:
    """The environment of a production server on loopback (no TLS in front: no HTTPS redirect)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("SANGTAO_STORAGE", None)
    env.update(extra)
    return env


def manage(*args: str, env: dict, quiet: bool = True) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=out)


def media_root(name: str) -> Path:
    """The bench database's media folder: the demo's files and what the bench uploads."""
    return ROOT / "var" / "bench-media" / name


def prepare_database(name: str, *, fresh: bool) -> tuple[str, float | None]:
    """Create (or keep) the bench database with the demo data; returns its URL and the load time."""
    url = f"{SERVER}/{name}"
    media = media_root(name)
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            shutil.rmtree(media, ignore_errors=True)
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    # The demo data is loaded with the local settings (production never creates demo accounts).
    local = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": url,
             "DEBUG": "false", "SANGTAO_DEMO": "true", "MEDIA_ROOT": str(media)}
    local.pop("REDIS_URL", None)
    started = time.perf_counter()
    manage("migrate", "-v0", env=local)
    with psycopg.connect(url) as conn:
        loaded = conn.execute("SELECT count(*) FROM orgs_orgunit").fetchone()[0]
    seconds = None
    if not loaded:
        manage("load_demo", env=local)
        seconds = time.perf_counter() - started
    # The production settings serve static files from the manifest that collectstatic writes (slow: it
    # compresses every file), so only when a static file is newer than the manifest.
    manifest = ROOT / "var" / "staticfiles" / "staticfiles.json"
    sources = [f for d in [ROOT / "static", *ROOT.glob("sangtao/*/static")] for f in d.rglob("*") if f.is_file()]
    if not manifest.exists() or max(f.stat().st_mtime for f in sources) > manifest.stat().st_mtime:
        manage("collectstatic", "--noinput", "-v0", env=production_env(url))
    return url, seconds


class Process:
    """A child process whose output goes to a log file; stopped (and its children) on exit."""

    def __init__(self, name: str, argv: list[str], env: dict, log_dir: Path):
        self.name = name
        self.log = log_dir / f"{name}.log"
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
        self._out.close()

    def tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start_redis(log_dir: Path) -> tuple[Process, str]:
    """A private Redis on a free port, in memory only: the shared cache of the bench's servers."""
    if not shutil.which("redis-server"):
        sys.exit("redis-server is missing: apt-get install redis-server")
    port = free_port()
    proc = Process("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], os.environ.copy(), log_dir)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Redis did not start:\n{proc.tail()}")


def start_gunicorn(name: str, env: dict, log_dir: Path, *, workers: int = 2, threads: int = 1) -> tuple[
    Process, str
]:
    port = free_port()
    argv = [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--threads", str(threads), "--timeout", "120", "--graceful-timeout", "5", "--log-level", "warning"]
    proc = Process(name, argv, env, log_dir)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.proc.poll() is not None:
            raise RuntimeError(f"{name} exited:\n{proc.tail()}")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer /healthz:\n{proc.tail()}")


def behind_proxy(session: requests.Session) -> requests.Session:
    """As if a TLS proxy were in front: say so in every request, and send the `Secure` cookies over the
    plain loopback socket too (requests copies the jar into one with the default policy for each
    request, so the cookies lose the flag just before)."""
    prepare = session.prepare_request

    def prepare_request(request):
        for cookie in session.cookies:
            cookie.secure = False
        return prepare(request)

    session.headers["X-Forwarded-Proto"] = "https"
    session.prepare_request = prepare_request
    return session


def browser() -> requests.Session:
    return behind_proxy(requests.Session())


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def referer(base: str, path: str) -> str:
    """The Referer a browser on https://host/ would send: CSRF checks it on secure requests."""
    return base.replace("http://", "https://") + path


def login(session: requests.Session, base: str, username: str, password: str = PASSWORD) -> None:
    page = session.get(f"{base}/accounts/login/", timeout=30)
    page.raise_for_status()
    answer = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": csrf_token(page.text), "username": username, "password": password},
        headers={"Referer": referer(base, "/accounts/login/")},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"login of {username} failed: HTTP {answer.status_code}")
