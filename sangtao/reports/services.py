"""Writes of the reports app: keyword-only, atomic, checked, every status change recorded (STYLE 2, 5).

draft ──generate──▶ generating ──(task)──▶ ready ──finalise──▶ finalised (read-only)
  ▲                     │ failed              │ edited
  └─────────────────────┴─────────────────────┘
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sangtao.accounts.models import User
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.nd30 import lower_first
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.models import Plan, PlanStatus, RecipientPurpose, ReportingPeriod

from . import permissions as rperms
from .models import Report, ReportKind, ReportStatus, ReportVersion
from .selectors import draft_paragraphs, report_content

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "number",
    "place",
    "signed_on",
    "title",
    "signer_title",
    "signer_name",
    "recipients",
    "strengths",
    "limits",
    "causes",
    "directions",
)
# A generation that has not finished after this long has lost its worker: it may be started again.
STALE_AFTER = datetime.timedelta(minutes=15)


def report_defaults(*, plan: Plan, period: ReportingPeriod, unit: OrgUnit, level: str = "") -> dict:
    """The header and foot of the document as the office would usually write them (all editable)."""
    title = f"Kết quả thực hiện Kế hoạch số {plan.number} về {lower_first(plan.title)}, {lower_first(period.name)}"
    if level:
        title += f" (cấp {SchoolLevel(level).label})"
    suffix = plan.number.split("KH-", 1)[1] if "KH-" in plan.number else unit.code
    own = unit.pk == plan.issuing_unit_id
    if unit.is_school:
        number = f"/BC-{unit.code.replace('-', '')}"
        signer_title = "HIỆU TRƯỞNG"
        recipients = [f"{unit.parent.display_short} (để báo cáo);" if unit.parent_id else "", "Lưu: VT."]
    else:
        number = f"/BC-{suffix}"
        signer_title = (plan.signer_title if own and plan.signer_title else "TRƯỞNG PHÒNG").upper()
        reported_to = [r.label for r in plan.recipients.filter(purpose=RecipientPurpose.REPORT)]
        recipients = [f"{label} (để báo cáo);" for label in reported_to] + ["Lưu: VT."]
    return {
        "kind": period.kind if period.kind in ReportKind.values else ReportKind.OTHER,
        "number": number,
        "place": plan.place or unit.ward_name or "",
        "signed_on": clock.today(),
        "title": title,
        "signer_title": signer_title,
        "signer_name": unit.head_name or (plan.signer_name if own else ""),
        "recipients": "\n".join(line for line in recipients if line),
    }


def _check_scope(actor: User, plan: Plan, period: ReportingPeriod, unit: OrgUnit, level: str) -> None:
    if not rperms.can_create_for(actor, unit):
        raise PermissionDeniedError(_("Bạn không được lập báo cáo cho đơn vị này."))
    if not plan_selectors.plans_for_user(actor).filter(pk=plan.pk).exists():
        raise PermissionDeniedError(_("Bạn không xem được kế hoạch này."))
    if plan.status == PlanStatus.DRAFT:
        raise ConflictError(_("Kế hoạch chưa ban hành nên chưa có gì để báo cáo."))
    if period.plan_id != plan.pk:
        raise ApplicationError(_("Kỳ báo cáo không thuộc kế hoạch đã chọn."))
    if not unit.path.startswith(plan.issuing_unit.path):
        raise ApplicationError(_("Đơn vị báo cáo phải thuộc cơ quan ban hành kế hoạch."))
    if level and unit.is_school:
        raise ApplicationError(_("Báo cáo của một trường không chọn cấp học."))


@transaction.atomic
def report_create(
    *, actor: User, plan: Plan, period: ReportingPeriod, unit: OrgUnit, level: str = ""
) -> Report:
    """A new draft with the usual header and a first assessment written from the figures."""
    _check_scope(actor, plan, period, unit, level)
    existing = Report.objects.filter(plan=plan, period=period, unit=unit, level=level).first()
    if existing is not None:
        raise ConflictError(
            _("Đã có báo cáo “%(title)s” cho kỳ và phạm vi này; hãy mở báo cáo đó.")
            % {"title": existing.title},
            extra={"report": existing.pk},
        )
    report = Report(
        plan=plan,
        period=period,
        unit=unit,
        level=level,
        created_by=actor,
        **report_defaults(plan=plan, period=period, unit=unit, level=level),
    )
    for name, text in draft_paragraphs(report_content(actor, report)).items():
        setattr(report, name, text)
    report.full_clean()
    report.save()
    event_record(target=report, actor=actor, action="create", to_status=ReportStatus.DRAFT)
    return report


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("unit", "plan", "period").get(pk=report.pk)


def _check_open(report: Report) -> None:
    if report.status == ReportStatus.FINALISED:
        raise ConflictError(_("Báo cáo đã hoàn tất nên không sửa, không tạo lại được nữa."))
    if report.status == ReportStatus.GENERATING:
        raise ConflictError(_("Báo cáo đang được tạo; hãy chờ tạo xong rồi sửa."))


@transaction.atomic
def report_update(*, actor: User, report: Report, **fields) -> Report:
    """Edit the header and the paragraphs. A report whose version is ready goes back to draft: the next
    version must be generated before it can be finalised, so that what is finalised is what was written."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(_("Không sửa được các trường: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    report = _locked(report)
    if not rperms.can_edit(actor, report):
        raise PermissionDeniedError(_("Bạn không được sửa báo cáo này."))
    _check_open(report)
    changed = False
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(report, name) != value:
            setattr(report, name, value)
            changed = True
    if not changed:
        return report
    report.full_clean()
    before = report.status
    if before == ReportStatus.READY:
        report.status = ReportStatus.DRAFT
    report.save()
    if before != report.status:
        event_record(target=report, actor=actor, action="edit", from_status=before, to_status=report.status)
    return report


@transaction.atomic
def report_generate(*, actor: User, report: Report, background: bool = True) -> Report:
    """Queue a new version: the page then polls the progress the task writes on the report.

    `background=False` writes it at once, in this transaction (the demo loader, which has no worker)."""
    from .tasks import generate_report  # tasks import services: the task module is loaded on first use

    report = _locked(report)
    if not rperms.can_edit(actor, report):
        raise PermissionDeniedError(_("Bạn không được tạo báo cáo này."))
    stale = report.status == ReportStatus.GENERATING and report.updated_at < clock.now() - STALE_AFTER
    if not stale:
        _check_open(report)
    before = report.status
    report.status = ReportStatus.GENERATING
    report.progress = 0
    report.progress_step = _("Đang chờ đến lượt")
    report.requested_by = actor
    report.last_error = ""
    report.save()
    event_record(target=report, actor=actor, action="generate", from_status=before, to_status=report.status)
    if not background:
        report_build(report_id=report.pk)
        report.refresh_from_db()
        return report
    transaction.on_commit(lambda: generate_report.enqueue(report.pk))
    return report


def _progress(report_id: int, percent: int, step: str) -> None:
    # Outside any transaction, so that the page polling the report sees each step as it happens.
    Report.objects.filter(pk=report_id).update(progress=min(max(percent, 0), 100), progress_step=step[:120])


def report_build(*, report_id: int) -> ReportVersion | None:
    """The task's work: compute the content, write the .docx, the .xlsx and the PDF, save them as the next
    version. A failure puts the report back to draft with the reason shown on its page."""
    from .annex import report_xlsx
    from .pdf import PdfUnavailable, docx_to_pdf
    from .word import report_docx

    report = (
        Report.objects.select_related("plan__issuing_unit", "period", "unit__parent", "requested_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status != ReportStatus.GENERATING:
        return None
    user = report.requested_by
    try:
        _progress(report.pk, 5, _("Tính số liệu các chỉ tiêu"))
        content = report_content(user, report)
        # The document tells each chart it draws and each part it writes: 15 % → 60 % over those steps.
        steps = len(content.charts) + 2
        done = [0]

        def docx_step(label: str) -> None:
            done[0] += 1
            _progress(report.pk, 15 + 45 * min(done[0], steps) // steps, _("Vẽ biểu đồ, soạn văn bản"))

        _progress(report.pk, 15, _("Soạn văn bản (.docx)"))
        docx = report_docx(report, content, step=docx_step)
        _progress(report.pk, 65, _("Lập phụ lục (.xlsx)"))
        xlsx = report_xlsx(content)
        _progress(report.pk, 75, _("Chuyển sang PDF"))
        try:
            pdf, pdf_error = docx_to_pdf(docx), ""
        except PdfUnavailable as exc:
            pdf, pdf_error = None, str(exc)
        _progress(report.pk, 95, _("Lưu phiên bản"))
        return _save_version(
            report, user=user, content=content, docx=docx, xlsx=xlsx, pdf=pdf, pdf_error=pdf_error
        )
    except Exception as exc:
        logger.exception("report %s: generation failed", report_id)
        _generation_failed(report, user=user, reason=_("Không tạo được văn bản: %(e)s") % {"e": exc})
        return None


@transaction.atomic
def _save_version(
    report: Report, *, user, content, docx: bytes, xlsx: bytes, pdf, pdf_error: str
) -> ReportVersion:
    report = _locked(report)
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    stem = f"bao-cao-{report.pk}-v{number}"
    version = ReportVersion(
        report=report,
        number=number,
        figures=content.figures,
        as_of=content.as_of,
        created_by=user,
        pdf_error=pdf_error,
    )
    version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    version.xlsx.save(f"{stem}-phu-luc.xlsx", ContentFile(xlsx), save=False)
    if pdf:
        version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    version.full_clean()
    version.save()
    report.status = ReportStatus.READY
    report.progress = 100
    report.progress_step = ""
    report.save(update_fields=["status", "progress", "progress_step", "updated_at"])
    event_record(
        target=report,
        actor=user,
        action="version",
        from_status=ReportStatus.GENERATING,
        to_status=ReportStatus.READY,
        reason=f"v{number}",
    )
    return version


@transaction.atomic
def _generation_failed(report: Report, *, user, reason: str) -> None:
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.DRAFT, progress=0, progress_step="", last_error=reason[:2000]
    )
    event_record(
        target=report,
        actor=user,
        action="fail",
        from_status=ReportStatus.GENERATING,
        to_status=ReportStatus.DRAFT,
        reason=reason[:500],
    )


@transaction.atomic
def report_finalise(*, actor: User, report: Report) -> Report:
    """Sign off: the latest version becomes the report of record; the report is read-only from now on."""
    report = _locked(report)
    if not rperms.can_finalise(actor, report):
        raise PermissionDeniedError(_("Chỉ lãnh đạo đơn vị được hoàn tất báo cáo."))
    if report.status == ReportStatus.FINALISED:
        raise ConflictError(_("Báo cáo đã hoàn tất rồi."))
    if report.status != ReportStatus.READY or not report.versions.exists():
        raise ConflictError(_("Hãy tạo văn bản từ nội dung mới nhất trước khi hoàn tất."))
    before = report.status
    report.status = ReportStatus.FINALISED
    report.finalised_at = clock.now()
    report.finalised_by = actor
    report.save()
    event_record(target=report, actor=actor, action="finalise", from_status=before, to_status=report.status)
    return report
