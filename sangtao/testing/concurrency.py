"""Run a few calls at the same moment, each in its own thread with its own database connection.

Only meaningful on PostgreSQL (SQLite serialises writers), under `pytest.mark.django_db(transaction=True)`:
each thread commits for real, so what one sees of the other is what production would see.
"""

import threading

from django.db import connection

POSTGRES_ONLY = {
    "condition": connection.vendor == "sqlite",
    "reason": "SQLite serialises writers; only PostgreSQL shows two saves racing",
}


def at_once(*calls) -> list:
    """Start every call together; return what each returned, or the exception it raised, in order."""
    outcomes: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as exc:  # noqa: BLE001 — the test reads what each call ended with
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes
