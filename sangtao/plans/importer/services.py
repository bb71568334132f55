"""Writes of the importer: read a document into a draft, correct the draft, create the plan or discard.

Every correction locks the draft's row, checks the version the reviewer's page was built from (a page
left open in another tab must not undo a colleague's corrections) and bumps it. Nothing reaches the
plans tables until `plan_import_confirm`, which creates the whole plan through `plans.services` in one
transaction: either every section, task and indicator exists afterwards, or none does.
"""

import datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import User
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, SchoolLevel, UnitKind

from .. import services as plan_services
from ..models import (
    Direction,
    IndicatorSource,
    Measure,
    Plan,
    PlanBasis,
    PlanImport,
    PlanImportSource,
    PlanImportStatus,
    PlanRecipient,
    RecipientPurpose,
    TaskKind,
)
from . import draft as drafts
from .matching import Registry
from .parsing import parse
from .reading import UnreadableDocument, read_document

# Formats that cannot be read, with what to do instead.
_UNREADABLE = {
    "pdf": gettext_lazy(
        "Tệp PDF (thường là bản quét) không đọc được nội dung. Hãy tải lên bản Word (.docx) của kế hoạch, "
        "hoặc mở PDF, chép toàn bộ nội dung rồi dán vào ô “Hoặc dán nội dung văn bản”."
    ),
    "doc": gettext_lazy(
        "Tệp Word cũ (.doc) không đọc được. Hãy mở bằng Word, chọn “Lưu thành” kiểu “Word Document (.docx)” "
        "rồi tải lên lại."
    ),
    "image": gettext_lazy(
        "Tệp ảnh (bản chụp, bản quét) không đọc được chữ. Hãy tải lên bản Word (.docx) hoặc dán nội dung "
        "văn bản."
    ),
}
_IMAGES = {"png", "jpg", "jpeg", "gif", "webp", "tif", "tiff", "bmp"}


def _require_office(actor: User, office: OrgUnit):
    if office.kind != UnitKind.AUTHORITY or not perms.can_review(actor, office):
        raise PermissionDeniedError(_("Chỉ cán bộ của phòng, sở mới nhập kế hoạch cho đơn vị này."))


def _unreadable(message: str, text: str = "") -> ApplicationError:
    return ApplicationError(message, extra={"text": text})


def _check_file(uploaded) -> str:
    ext = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    if ext in _IMAGES:
        raise _unreadable(str(_UNREADABLE["image"]))
    if ext in ("pdf", "doc"):
        raise _unreadable(str(_UNREADABLE[ext]))
    if ext == "txt":
        limit = settings.SANGTAO_MAX_UPLOAD_BYTES
        if uploaded.size == 0:
            raise ApplicationError(_("Tệp “%(name)s” rỗng.") % {"name": uploaded.name})
        if uploaded.size > limit:
            raise ApplicationError(
                _("Tệp “%(name)s” quá lớn; tối đa %(limit)d MB.")
                % {"name": uploaded.name, "limit": limit // 1048576}
            )
        head = uploaded.read(4096)
        uploaded.seek(0)
        if b"\x00" in head:
            raise ApplicationError(
                _("Tệp “%(name)s” không phải văn bản thuần (.txt).") % {"name": uploaded.name}
            )
        return ext
    try:
        return validate_upload(uploaded, allowed={"docx"})
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


@transaction.atomic
def plan_import_start(*, actor: User, office: OrgUnit, uploaded=None, text: str = "") -> PlanImport:
    """Read the document and propose a draft. A document without a plan's structure is refused with the
    text that was read, so that the user can correct it and paste it back."""
    _require_office(actor, office)
    if uploaded is None and not (text or "").strip():
        raise ApplicationError(_("Hãy chọn tệp .docx của kế hoạch hoặc dán nội dung văn bản."))
    if uploaded is not None:
        _check_file(uploaded)
    try:
        paragraphs, extracted = read_document(uploaded=uploaded, text=text)
    except UnreadableDocument as exc:
        raise _unreadable(exc.message, exc.text) from exc
    parsed = parse(paragraphs)
    if parsed.count() == 0:
        raise _unreadable(
            _(
                "Không nhận ra cấu trúc của một kế hoạch: văn bản cần có các phần đánh số (I, II, III… hoặc "
                "1, 2, 3…, “Điều 1.”) và các nhiệm vụ bên dưới. Hãy kiểm tra nội dung đọc được dưới đây, sửa rồi "
                "dán lại."
            ),
            extracted,
        )
    registry = Registry.for_office(office)
    proposal = drafts.build_proposal(parsed, registry)
    if not any(True for _n in drafts.iter_nodes(proposal["nodes"], kind="task")):
        raise _unreadable(
            _("Văn bản có các mục nhưng không có nhiệm vụ nào bên dưới. Hãy kiểm tra nội dung đọc được."),
            extracted,
        )
    draft = PlanImport(
        office=office,
        created_by=actor,
        text=extracted,
        paragraphs=paragraphs,
        proposal=proposal,
        title=proposal["header"]["title"][:500],
        source_kind=PlanImportSource.DOCX if uploaded is not None else PlanImportSource.TEXT,
    )
    if uploaded is not None:
        draft.file = uploaded
        draft.file_name = PurePath(uploaded.name).name[:255]
        if draft.file_name.lower().endswith(".txt"):
            draft.source_kind = PlanImportSource.TEXT
    draft.full_clean()
    draft.save()
    event_record(target=draft, actor=actor, action="create", to_status=draft.status)
    return draft


def _locked(actor: User, draft: PlanImport, version: int | None) -> PlanImport:
    draft = PlanImport.objects.select_for_update().select_related("office").get(pk=draft.pk)
    _require_office(actor, draft.office)
    if draft.status != PlanImportStatus.DRAFT:
        raise ConflictError(
            _("Bản nhập này đã %(s)s, không sửa được nữa.") % {"s": draft.get_status_display().lower()}
        )
    if version is not None and int(version) != draft.version:
        raise ConflictError(
            _("Bản nháp vừa được sửa ở nơi khác (có thể ở một thẻ khác). Hãy tải lại trang rồi sửa tiếp.")
        )
    return draft


def _save(draft: PlanImport) -> PlanImport:
    draft.version += 1
    draft.title = (draft.proposal["header"].get("title") or "")[:500]
    draft.proposal["warnings"] = drafts.warnings(draft.proposal)
    draft.save(update_fields=["proposal", "title", "version", "updated_at"])
    return draft


def _apply(draft: PlanImport, change, *args, **kwargs):
    try:
        return change(draft.proposal, *args, **kwargs)
    except drafts.DraftError as exc:
        raise ApplicationError(str(exc)) from exc


def _iso(day) -> str | None:
    return day.isoformat() if isinstance(day, datetime.date) else None


def _known_units(draft: PlanImport, pks) -> list[int]:
    """Only units the office may name (its tree and the agencies beside it) are kept."""
    registry_pks = {u.pk for u in Registry.for_office(draft.office).units}
    return [int(pk) for pk in pks if int(pk) in registry_pks]


@transaction.atomic
def plan_import_header_update(
    *, actor: User, draft: PlanImport, version: int, bases: list[str], **fields
) -> PlanImport:
    draft = _locked(actor, draft, version)
    header = draft.proposal["header"]
    for key in ("number", "place", "title", "preamble", "closing", "signer_name", "signer_title"):
        if key in fields:
            header[key] = (fields[key] or "").strip()
    for key in ("issued_on", "default_start", "default_end"):
        if key in fields:
            header[key] = _iso(fields[key])
    if "year" in fields:
        header["year"] = fields["year"]
    if header["default_start"] and header["default_end"] and header["default_start"] > header["default_end"]:
        raise ApplicationError(_("Ngày bắt đầu mặc định phải trước hạn hoàn thành mặc định."))
    old = {b["text"]: b for b in draft.proposal["bases"]}
    draft.proposal["bases"] = [
        {"id": f"b{k}", "text": text, "para": old.get(text, {}).get("para")}
        for k, text in enumerate(bases, start=1)
    ]
    return _save(draft)


@transaction.atomic
def plan_import_recipients_update(
    *, actor: User, draft: PlanImport, version: int, rows: list[dict]
) -> PlanImport:
    """rows: [{id, label, purpose, unit, keep}] in the order shown."""
    draft = _locked(actor, draft, version)
    by_id = {r["id"]: r for r in draft.proposal["recipients"]}
    allowed = set(_known_units(draft, [r["unit"] for r in rows if r.get("unit")]))
    kept = []
    for row in rows:
        if not row.get("keep", True) or not (row.get("label") or "").strip():
            continue
        if row.get("purpose") not in RecipientPurpose.values:
            raise ApplicationError(_("Mục đích của nơi nhận không hợp lệ."))
        old = by_id.get(row.get("id"), {})
        kept.append(
            {
                "id": row.get("id") or drafts.next_id(draft.proposal, "r"),
                "label": row["label"].strip()[:255],
                "purpose": row["purpose"],
                "unit": int(row["unit"]) if row.get("unit") and int(row["unit"]) in allowed else None,
                "para": old.get("para"),
                "source": old.get("source", ""),
            }
        )
    draft.proposal["recipients"] = kept
    return _save(draft)


@transaction.atomic
def plan_import_node_update(
    *,
    actor: User,
    draft: PlanImport,
    version: int,
    node_id: str,
    kind: str,
    label: str,
    title: str,
    description: str = "",
    lead: int | None = None,
    partners=(),
    implementing=(),
    levels=None,
    start=None,
    end=None,
    expected_output: str = "",
) -> PlanImport:
    draft = _locked(actor, draft, version)
    if kind not in TaskKind.values:
        raise ApplicationError(_("Loại mục không hợp lệ."))
    if not (title or "").strip():
        raise ApplicationError(_("Hãy nhập tên của mục hoặc nhiệm vụ."))
    if start and end and start > end:
        raise ApplicationError(_("Hạn hoàn thành phải sau ngày bắt đầu."))
    bad = set(levels or []) - set(SchoolLevel.values)
    if bad:
        raise ApplicationError(_("Cấp học không hợp lệ."))
    known = set(_known_units(draft, [pk for pk in [lead, *partners, *implementing] if pk]))
    if lead and int(lead) not in known:
        raise ApplicationError(_("Đơn vị chủ trì không thuộc phạm vi của cơ quan ban hành."))
    _apply(
        draft,
        drafts.node_update,
        node_id,
        kind=kind,
        label=label,
        title=title.strip()[:500],
        description=description.strip(),
        lead=int(lead) if lead else None,
        partners=[
            int(pk) for pk in partners if int(pk) in known and int(pk) != (int(lead) if lead else None)
        ],
        implementing=[int(pk) for pk in implementing if int(pk) in known],
        levels=list(levels) if levels else None,
        start=_iso(start),
        end=_iso(end),
        expected_output=(expected_output or "").strip(),
    )
    return _save(draft)


NODE_ACTIONS = {"up", "down", "indent", "outdent", "merge", "remove"}


@transaction.atomic
def plan_import_node_act(
    *, actor: User, draft: PlanImport, version: int, node_id: str, action: str
) -> PlanImport:
    """Move a node (up, down, into the one above, out of its parent), merge it into the one above, or drop it."""
    draft = _locked(actor, draft, version)
    if action not in NODE_ACTIONS:
        raise ApplicationError(_("Thao tác không hợp lệ."))
    if action == "merge":
        _apply(draft, drafts.node_merge, node_id)
    elif action == "remove":
        _apply(draft, drafts.node_remove, node_id)
    else:
        _apply(draft, drafts.node_move, node_id, action)
    return _save(draft)


@transaction.atomic
def plan_import_node_split(
    *, actor: User, draft: PlanImport, version: int, node_id: str, at: int
) -> PlanImport:
    draft = _locked(actor, draft, version)
    _apply(draft, drafts.node_split, node_id, int(at), Registry.for_office(draft.office))
    return _save(draft)


@transaction.atomic
def plan_import_indicators_update(
    *, actor: User, draft: PlanImport, version: int, rows: list[dict]
) -> PlanImport:
    """rows: [{id, accepted, name, target, measure, unit_of_measure, node, levels}]."""
    draft = _locked(actor, draft, version)
    nodes = {n["id"] for n in drafts.iter_nodes(draft.proposal["nodes"])}
    by_id = {i["id"]: i for i in draft.proposal["indicators"]}
    for row in rows:
        indicator = by_id.get(row["id"])
        if indicator is None:
            continue
        indicator["accepted"] = bool(row.get("accepted"))
        if not indicator["accepted"]:
            continue
        name = (row.get("name") or "").strip()
        if not name:
            raise ApplicationError(_("Chỉ tiêu được giữ lại phải có tên."))
        target = row.get("target")
        if target not in (None, ""):
            try:
                target = Decimal(str(target).replace(",", "."))
            except InvalidOperation as exc:
                raise ApplicationError(_("Chỉ tiêu “%(n)s”: giá trị phải là số.") % {"n": name}) from exc
            if target < 0 or (row.get("measure") == Measure.SHARE_OF_UNITS and target > 100):
                raise ApplicationError(_("Chỉ tiêu “%(n)s”: tỷ lệ phải từ 0 đến 100%%.") % {"n": name})
            target = str(target.normalize() if target % 1 else int(target))
        if row.get("measure") not in Measure.values:
            raise ApplicationError(_("Cách đo của chỉ tiêu không hợp lệ."))
        indicator.update(
            name=name[:300],
            target=target or None,
            measure=row["measure"],
            unit_of_measure=(row.get("unit_of_measure") or "%").strip()[:40],
            node=row.get("node") if row.get("node") in nodes else None,
            levels=[lv for lv in row.get("levels") or [] if lv in SchoolLevel.values],
        )
    return _save(draft)


@transaction.atomic
def plan_import_discard(*, actor: User, draft: PlanImport, reason: str = "") -> PlanImport:
    draft = _locked(actor, draft, None)
    draft.status = PlanImportStatus.DISCARDED
    draft.save(update_fields=["status", "updated_at"])
    event_record(
        target=draft,
        actor=actor,
        action="discard",
        from_status=PlanImportStatus.DRAFT,
        to_status=draft.status,
        reason=reason,
    )
    return draft


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def plan_import_confirm(*, actor: User, draft: PlanImport, version: int) -> Plan:
    """Create the reviewed plan (as a draft plan, to be issued from its page) in one transaction."""
    draft = _locked(actor, draft, version)
    proposal = draft.proposal
    header = proposal["header"]
    problems = []
    if not header.get("number"):
        problems.append(_("số/ký hiệu"))
    if not header.get("title"):
        problems.append(_("trích yếu"))
    if not header.get("year"):
        problems.append(_("năm"))
    if problems:
        raise ApplicationError(
            _("Hãy bổ sung %(what)s của kế hoạch trước khi tạo.") % {"what": ", ".join(problems)}
        )
    tasks = list(drafts.iter_nodes(proposal["nodes"], kind="task"))
    if not tasks:
        raise ApplicationError(_("Bản nháp không còn nhiệm vụ nào."))
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=set(_known_units(draft, _unit_ids(proposal))))}
    default_start, default_end = _date(header.get("default_start")), _date(header.get("default_end"))
    try:
        plan = plan_services.plan_create(
            actor=actor,
            issuing_unit=draft.office,
            number=header["number"],
            title=header["title"],
            year=int(header["year"]),
            issued_on=_date(header.get("issued_on")),
            place=header.get("place", ""),
            preamble=header.get("preamble", ""),
            closing=header.get("closing", ""),
            signer_name=header.get("signer_name", ""),
            signer_title=header.get("signer_title", "")[:120],
        )
        if draft.file and draft.file_name.lower().endswith(".docx"):
            plan.document.save(draft.file_name, draft.file.open("rb"), save=True)
        for order, basis in enumerate(proposal["bases"]):
            row = PlanBasis(plan=plan, text=basis["text"], order=order)
            row.full_clean()
            row.save()
        for order, recipient in enumerate(proposal["recipients"]):
            row = PlanRecipient(
                plan=plan,
                label=recipient["label"],
                purpose=recipient["purpose"],
                unit=units.get(recipient["unit"]),
                order=order,
            )
            row.full_clean(exclude=["unit"])
            row.save()
        made = {}
        counter = iter(range(1, 10_000))

        def create(nodes, parent):
            for node in nodes:
                fields = {
                    "number": node["number"][:20],
                    "description": node["description"],
                    "order": next(counter),
                }
                if node["kind"] == TaskKind.TASK:
                    start = _date(node["start"]) or default_start
                    end = _date(node["end"]) or default_end
                    if start and end and start > end:
                        start = None
                    levels = node["levels"]
                    fields.update(
                        lead_unit=units.get(node["lead"]),
                        start=start,
                        end=end,
                        expected_output=node.get("expected_output", ""),
                        implementing_rule={"kinds": list(IMPLEMENTING_KINDS), "levels": levels}
                        if levels
                        else {},
                    )
                task = plan_services.task_create(
                    actor=actor,
                    plan=plan,
                    parent=parent,
                    kind=node["kind"],
                    title=node["title"][:500],
                    partners=[units[pk] for pk in node["partners"] if pk in units],
                    implementing=[
                        units[pk]
                        for pk in node["implementing"]
                        if pk in units and units[pk].kind in IMPLEMENTING_KINDS
                    ],
                    **fields,
                )
                made[node["id"]] = task
                create(node["children"], task)

        create(proposal["nodes"], None)
        code = 0
        for indicator in proposal["indicators"]:
            if not indicator.get("accepted"):
                continue
            code += 1
            plan_services.indicator_create(
                actor=actor,
                plan=plan,
                code=f"CT{code:02d}",
                name=indicator["name"][:300],
                task=made.get(indicator.get("node")),
                measure=indicator["measure"],
                target=Decimal(indicator["target"]) if indicator.get("target") else None,
                unit_of_measure=indicator.get("unit_of_measure") or "%",
                direction=indicator.get("direction") or Direction.UP,
                source=IndicatorSource.MANUAL,
                levels=indicator.get("levels") or [],
                order=code,
            )
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    draft.status = PlanImportStatus.CREATED
    draft.plan = plan
    draft.save(update_fields=["status", "plan", "updated_at"])
    event_record(
        target=draft,
        actor=actor,
        action="create_plan",
        from_status=PlanImportStatus.DRAFT,
        to_status=draft.status,
        reason=plan.number,
    )
    return plan


def _unit_ids(proposal: dict) -> set[int]:
    ids = {r["unit"] for r in proposal["recipients"] if r.get("unit")}
    for node in drafts.iter_nodes(proposal["nodes"]):
        ids |= {pk for pk in [node["lead"], *node["partners"], *node["implementing"]] if pk}
    return ids
