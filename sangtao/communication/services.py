"""Writes of the communication app: the article workflow draft → submitted → published (or returned)."""

from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sangtao.accounts.models import Role
from sangtao.accounts.permissions import can_review, holds
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.locking import version_claim
from sangtao.core.text import fold
from sangtao.core.uploads import validate_upload

from .models import Article, ArticleImage, ArticleStatus
from .sanitize import clean_html

WRITER_ROLES = (Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.PRINCIPAL, Role.COORDINATOR, Role.TEACHER)
EDITABLE = (ArticleStatus.DRAFT, ArticleStatus.RETURNED)
IMAGE_TYPES = {"png", "jpg", "jpeg", "gif", "webp"}


def can_write_for(user, unit) -> bool:
    return holds(user, unit, *WRITER_ROLES)


def can_edit(user, article) -> bool:
    return article.status in EDITABLE and can_write_for(user, article.unit)


def can_publish(user, article) -> bool:
    return can_review(user, article.unit)


def _slug(title: str) -> str:
    base = slugify(fold(title))[:100] or "tin-bai"
    slug = base
    while Article.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5).lower()}"
    return slug


def _check_fields(*, title, category):
    if not (title or "").strip():
        raise ApplicationError(_("Tin bài cần có tiêu đề."))
    if not category:
        raise ApplicationError(_("Hãy chọn chuyên mục."))


@transaction.atomic
def article_create(
    *, actor, unit, title, category, summary="", body="", tags="", task=None, cover=None
) -> Article:
    if not can_write_for(actor, unit):
        raise PermissionDeniedError(_("Bạn không được viết tin bài cho đơn vị này."))
    _check_fields(title=title, category=category)
    article = Article.objects.create(
        title=title.strip(),
        slug=_slug(title),
        summary=(summary or "").strip(),
        body=clean_html(body),
        category=category,
        tags=tags or "",
        unit=unit,
        author=actor,
        task=task,
        cover=cover,
    )
    event_record(target=article, actor=actor, action="create", to_status=article.status)
    return article


@transaction.atomic
def article_update(
    *, actor, article, title, category, summary="", body="", tags="", task=None, cover=None, version=None
):
    if not can_edit(actor, article):
        raise PermissionDeniedError(_("Bạn không được sửa tin bài này."))
    version_claim(article, version)  # two writers of the unit may edit the same draft at once
    _check_fields(title=title, category=category)
    article.title, article.category, article.task, article.cover = title.strip(), category, task, cover
    article.summary, article.body, article.tags = (summary or "").strip(), clean_html(body), tags or ""
    article.save()
    event_record(
        target=article, actor=actor, action="update", from_status=article.status, to_status=article.status
    )
    return article


def _move(article, actor, action, to, reason=""):
    before = article.current_status
    article.status = to
    article.save()
    event_record(target=article, actor=actor, action=action, from_status=before, to_status=to, reason=reason)
    return article


@transaction.atomic
def article_submit(*, actor, article):
    if not can_write_for(actor, article.unit):
        raise PermissionDeniedError(_("Bạn không được gửi tin bài này."))
    if article.status not in EDITABLE:
        raise ConflictError(_("Chỉ gửi duyệt được bản nháp hoặc bài bị trả lại."))
    article.return_reason = ""
    return _move(article, actor, "submit", ArticleStatus.SUBMITTED)


@transaction.atomic
def article_publish(*, actor, article, publish_at=None):
    """Approve and publish now, or at `publish_at` (the article stays hidden until then)."""
    if not can_publish(actor, article):
        raise PermissionDeniedError(_("Chỉ người duyệt được đăng tin bài."))
    if article.status not in (ArticleStatus.SUBMITTED, ArticleStatus.UNPUBLISHED, ArticleStatus.SCHEDULED):
        raise ConflictError(_("Tin bài chưa được gửi duyệt."))
    now = clock.now()
    article.publish_at = publish_at or now
    to = ArticleStatus.SCHEDULED if article.publish_at > now else ArticleStatus.PUBLISHED
    return _move(article, actor, "publish", to)


@transaction.atomic
def article_return(*, actor, article, reason):
    if not can_publish(actor, article):
        raise PermissionDeniedError(_("Chỉ người duyệt được trả lại tin bài."))
    if article.status != ArticleStatus.SUBMITTED:
        raise ConflictError(_("Chỉ trả lại được bài đang chờ duyệt."))
    if not (reason or "").strip():
        raise ApplicationError(_("Hãy ghi lý do trả lại."))
    article.return_reason = reason.strip()
    return _move(article, actor, "return", ArticleStatus.RETURNED, reason.strip())


@transaction.atomic
def article_unpublish(*, actor, article, reason=""):
    if not can_publish(actor, article):
        raise PermissionDeniedError(_("Chỉ người duyệt được gỡ tin bài."))
    if article.status not in (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED):
        raise ConflictError(_("Tin bài chưa được đăng hoặc hẹn giờ đăng."))
    return _move(article, actor, "unpublish", ArticleStatus.UNPUBLISHED, reason)


@transaction.atomic
def image_upload(*, actor, unit, uploaded) -> ArticleImage:
    if not can_write_for(actor, unit):
        raise PermissionDeniedError(_("Bạn không được tải ảnh cho đơn vị này."))
    from django.core.exceptions import ValidationError

    try:
        kind = validate_upload(uploaded, allowed=IMAGE_TYPES)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0]) from exc
    return ArticleImage.objects.create(unit=unit, uploaded_by=actor, file=uploaded, kind=kind)
