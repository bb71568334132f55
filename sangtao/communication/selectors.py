"""Reads of the communication app."""

from django.db.models import Q

from sangtao.accounts.permissions import role_units, scope_q, scope_units
from sangtao.core import clock
from sangtao.core.text import folded_search

from .models import Article, ArticleImage, ArticleStatus
from .services import WRITER_ROLES, can_write_for

LIVE = (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED)


def public_articles(*, category=None, unit_id=None, q=None):
    qs = Article.objects.filter(status__in=LIVE, publish_at__lte=clock.now()).select_related("unit", "cover")
    if category:
        qs = qs.filter(category=category)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if q:
        qs = qs.filter(folded_search("text", q))
    return qs.order_by("-publish_at", "-id")


def status_q(status: str) -> Q:
    """Articles whose status, as people read it (Article.current_status), is `status`: a scheduled
    article whose publishing time has passed counts as published, not as scheduled."""
    now = clock.now()
    if status == ArticleStatus.PUBLISHED:
        return Q(status=ArticleStatus.PUBLISHED) | Q(status=ArticleStatus.SCHEDULED, publish_at__lte=now)
    if status == ArticleStatus.SCHEDULED:
        return Q(status=ArticleStatus.SCHEDULED, publish_at__gt=now)
    return Q(status=status)


def staff_articles(user, *, status=None, q=None):
    qs = Article.objects.filter(scope_q(user, "unit", *WRITER_ROLES)).select_related("unit", "author")
    if status:
        qs = qs.filter(status_q(status))
    if q:
        qs = qs.filter(folded_search("text", q))
    return qs.order_by("-updated_at", "-id")


def review_queue(user):
    from sangtao.accounts.models import Role

    return (
        Article.objects.filter(
            scope_q(user, "unit", Role.ADMIN, Role.LEADER, Role.SPECIALIST), status=ArticleStatus.SUBMITTED
        )
        .select_related("unit", "author")
        .order_by("updated_at", "id")
    )


def staff_article(user, pk):
    """The article if the user may see it in the back office, else None."""
    return staff_articles(user).filter(pk=pk).first()


def writable_units(user):
    return list(scope_units(user, *WRITER_ROLES).order_by("path")) if role_units(user, *WRITER_ROLES) else []


def image_visible(user, image: ArticleImage) -> bool:
    src = image.url
    live = public_articles().filter(Q(cover=image) | Q(body__contains=f'src="{src}"')).exists()
    return live or (user.is_authenticated and can_write_for(user, image.unit))
