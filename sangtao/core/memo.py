"""A memo that lives for one request: an expensive read computed once however many callers ask for it.

The indicator sources of a dashboard are asked for the same figures several times in one page (two
training indicators share one participation query; the API, the charts and the tables each compute the
indicators). `request_memo(key, compute)` returns the first result for `key` inside one request and
forgets everything when the request ends, so that nothing is ever stale across requests.

Only reads are memoised: `MemoMiddleware` opens a memo for GET and HEAD requests only (a POST changes
data, and its page must show the change). Outside a memo (a task, the shell, a test) every call
computes. Keys must hold everything the result depends on (the day from `clock.today()`, the units).
"""

import contextlib
import contextvars
from collections.abc import Callable, Hashable

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("sangtao_memo", default=None)


@contextlib.contextmanager
def memo_scope():
    """Memoise inside the block (nested blocks share the outer memo)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def request_memo[T](key: Hashable, compute: Callable[[], T]) -> T:
    store = _memo.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


class MemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with memo_scope():
            return self.get_response(request)
