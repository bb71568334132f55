import datetime

import pytest

from sangtao.testing.factories import ArticleFactory


@pytest.fixture
def published(world):
    """Two articles of school A published on 01/03/2024 (and one draft)."""

    def make(n=2, **kw):
        at = datetime.datetime(2024, 3, 1, 8, 0, tzinfo=datetime.UTC)
        kw.setdefault("unit", world.school_a)
        return ArticleFactory.create_batch(n, status="published", publish_at=at, **kw)

    return make
