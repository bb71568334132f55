"""Diacritic folding, so that "sang kien" finds "sáng kiến" on every database."""

import unicodedata

from django.db import connection
from django.db.models import Q


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d), collapse spaces."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def folded_search(field_prefix: str, query: str) -> Q:
    """A filter on the `<field_prefix>_folded` column: every word of the query must appear.

    The folded column is kept by the model's save(); it works the same on SQLite and PostgreSQL,
    and on PostgreSQL the same column is indexed with a trigram-free btree-friendly lower text.
    """
    q = Q()
    for word in fold(query).split():
        q &= Q(**{f"{field_prefix}_folded__contains": word})
    return q


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
