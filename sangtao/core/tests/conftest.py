import fcntl
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.core.signals import setting_changed
from django.test import signals as test_signals  # noqa: F401  (registers the receiver that resets the catalogues)


def stale_catalogues() -> list[Path]:
    """The .po files of LOCALE_PATHS whose .mo is missing or older than the .po."""
    stale = []
    for locale_dir in settings.LOCALE_PATHS:
        for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale.append(po)
    return stale


def forget_loaded_catalogues() -> None:
    """Make Django read the .mo files again, as after a change of LOCALE_PATHS."""
    setting_changed.send(
        sender=settings._wrapped.__class__, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
    )


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """The .mo files are build artefacts (not in git): compile them when missing or out of date.

    pytest-xdist workers share the work tree, so a file lock keeps two workers from writing the same
    .mo at once.
    """
    if stale_catalogues():
        lock_path = Path(tempfile.gettempdir()) / "sangtao-compilemessages.lock"
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if stale_catalogues():
                    locales = sorted({po.parent.parent.name for po in stale_catalogues()})
                    try:
                        call_command(
                            "compilemessages",
                            locale=locales,
                            ignore_patterns=[".venv", "var", "node_modules", "test-artifacts"],
                            verbosity=0,
                        )
                    except CommandError as exc:
                        pytest.fail(
                            f"{exc} msgfmt printed the reason above: often a msgstr whose %(name)s "
                            "placeholders differ from its msgid."
                        )
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        forget_loaded_catalogues()
