"""Pages of the communication app: the public news portal and the staff's article desk."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError
from sangtao.core.xlsx import Column, export_rows, xlsx_response
from sangtao.orgs.models import OrgUnit

from . import selectors, services
from .forms import ArticleForm, PublishForm, ReturnForm
from .models import Article, ArticleCategory, ArticleImage, ArticleStatus

PAGE_SIZE = 20


# ── Public portal ──────────────────────────────────────────────────────────────────────────────────


def _public_list(request, *, heading, category=None, unit=None):
    q = request.GET.get("q", "").strip()
    rows = selectors.public_articles(category=category, unit_id=unit.pk if unit else None, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communication/public_list.html",
        {
            "page": page,
            "heading": heading,
            "q": q,
            "categories": ArticleCategory.choices,
            "category": category,
        },
    )


def news_home(request):
    return _public_list(request, heading=_("Tin tức"))


def news_category(request, category):
    if category not in ArticleCategory.values:
        raise Http404
    return _public_list(request, heading=ArticleCategory(category).label, category=category)


def news_unit(request, unit_pk):
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    return _public_list(request, heading=unit.name, unit=unit)


def news_article(request, slug):
    article = selectors.public_articles().filter(slug=slug).first()
    if article is None:
        raise Http404
    site = settings.SANGTAO_SITE_URL
    return render(
        request,
        "communication/public_article.html",
        {
            "a": article,
            "site": site,
            "og_url": f"{site}{request.path}",
            "og_image": f"{site}{article.cover.url}" if article.cover else "",
        },
    )


def image(request, pk):
    img = get_object_or_404(ArticleImage, pk=pk)
    if not selectors.image_visible(request.user, img):
        raise Http404
    response = FileResponse(
        img.file.open("rb"), content_type=f"image/{'jpeg' if img.kind == 'jpg' else img.kind}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# ── Staff desk ─────────────────────────────────────────────────────────────────────────────────────


@login_required
def desk(request):
    status = request.GET.get("status") or None
    if status and status not in ArticleStatus.values:
        status = None
    q = request.GET.get("q", "").strip()
    rows = selectors.staff_articles(request.user, status=status, q=q)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_xlsx(rows), "tin-bai.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communication/desk.html",
        {
            "page": page,
            "statuses": ArticleStatus.choices,
            "status": status,
            "q": q,
            "can_write": bool(selectors.writable_units(request.user)),
        },
    )


COLUMNS = [
    Column(header=_l("Tiêu đề"), attr="title", width=50),
    Column(header=_l("Chuyên mục"), attr="category", getter=lambda a: a.get_category_display()),
    Column(header=_l("Đơn vị"), attr="unit.name", width=35),
    Column(header=_l("Trạng thái"), attr="status", getter=lambda a: a.get_current_status_display()),
    Column(
        header=_l("Đăng lúc"),
        attr="publish_at",
        getter=lambda a: a.publish_at.strftime("%d/%m/%Y %H:%M") if a.publish_at else "",
    ),
]


def _xlsx(rows):
    return export_rows(COLUMNS, rows, title=_("Tin bài"))


@login_required
def queue(request):
    rows = selectors.review_queue(request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_xlsx(rows.iterator(chunk_size=500)), "tin-bai-cho-duyet.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communication/queue.html", {"page": page})


def _form_view(request, article=None):
    units = selectors.writable_units(request.user)
    if not units or (article and not services.can_edit(request.user, article)):
        raise Http404
    initial = {}
    if article:
        initial = {
            "unit": str(article.unit_id),
            "title": article.title,
            "category": article.category,
            "summary": article.summary,
            "body": article.body,
            "tags": article.tags,
            "task": article.task_id,
            "version": article.version,
        }
    form = ArticleForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = article.unit if article else form.units[d["unit"]]
        try:
            cover = article.cover if article else None
            if d.get("cover"):
                cover = services.image_upload(actor=request.user, unit=unit, uploaded=d["cover"])
            fields = {
                "title": d["title"],
                "category": d["category"],
                "summary": d["summary"],
                "body": d["body"],
                "tags": d["tags"],
                "cover": cover,
                "task": d.get("task"),
            }
            if article:
                article = services.article_update(
                    actor=request.user, article=article, version=d.get("version"), **fields
                )
            else:
                article = services.article_create(actor=request.user, unit=unit, **fields)
            if "submit" in request.POST:
                services.article_submit(actor=request.user, article=article)
                messages.success(request, _("Đã gửi tin bài để duyệt."))
            else:
                messages.success(request, _("Đã lưu tin bài."))
            return redirect("communication:detail", pk=article.pk)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    return render(request, "communication/form.html", {"form": form, "article": article})


@login_required
def article_new(request):
    return _form_view(request)


@login_required
def article_edit(request, pk):
    article = selectors.staff_article(request.user, pk)
    if article is None:
        raise Http404
    return _form_view(request, article)


@login_required
def article_detail(request, pk):
    """The staff view of one article: a preview plus its workflow."""
    article = selectors.staff_article(request.user, pk)
    if article is None:
        raise Http404
    return render(
        request,
        "communication/detail.html",
        {
            "a": article,
            "events": events_for(article),
            "can_edit": services.can_edit(request.user, article),
            "can_publish": services.can_publish(request.user, article),
            "publish_form": PublishForm(),
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_POST
def article_action(request, pk, action):
    article = selectors.staff_article(request.user, pk)
    if article is None:
        raise Http404
    try:
        if action == "submit":
            services.article_submit(actor=request.user, article=article)
        elif action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Thời điểm đăng không hợp lệ (dd/mm/yyyy hh:mm)."))
            services.article_publish(
                actor=request.user, article=article, publish_at=form.cleaned_data["publish_at"]
            )
        elif action == "return":
            services.article_return(
                actor=request.user, article=article, reason=request.POST.get("reason", "")
            )
        elif action == "unpublish":
            services.article_unpublish(
                actor=request.user, article=article, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404
        messages.success(request, _("Đã cập nhật tin bài."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("communication:detail", pk=article.pk)


@login_required
@require_POST
def image_upload(request):
    """The editor's image button posts here; it answers the URL to put in the body."""
    units = selectors.writable_units(request.user)
    unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), units[0] if units else None)
    if unit is None or "file" not in request.FILES:
        return JsonResponse({"error": _("Không tải được ảnh.")}, status=400)
    try:
        img = services.image_upload(actor=request.user, unit=unit, uploaded=request.FILES["file"])
    except ApplicationError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status_code)
    return JsonResponse({"url": img.url})


__all__ = ["Article"]
