"""Writes of the emulation app: keyword-only, atomic, checked, and an event for every step (STYLE 2, 5).

Once the leader finalises a scheme nothing in it changes (criteria, computation, hand scores) until the
leader unlocks it with a recorded reason.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.plans.models import Plan

from . import permissions as rules
from .models import (
    TWO_PLACES,
    Criterion,
    CriterionKind,
    CriterionScore,
    ItemState,
    Scheme,
    SchemeStatus,
    SchoolScore,
    format_number,
)
from .scoring import evaluate_sources, rank_rows, scheme_units

CRITERION_FIELDS = (
    "code",
    "group",
    "name",
    "description",
    "kind",
    "source_key",
    "rule",
    "steps",
    "cap",
    "max_points",
    "weight",
)


def _check_manage(actor, scheme: Scheme) -> None:
    if not rules.can_manage(actor, scheme):
        raise PermissionDeniedError(
            _("Chỉ cán bộ Phòng ban hành kế hoạch được quản lý bảng điểm thi đua này.")
        )


def _check_not_final(scheme: Scheme) -> None:
    if scheme.status == SchemeStatus.FINAL:
        raise ConflictError(
            _(
                "Bảng điểm đã chốt ngày %(d)s: không thay đổi được. Lãnh đạo Phòng cần mở khóa "
                "(có ghi lý do) trước."
            )
            % {"d": _date(scheme.finalised_at)}
        )


def _date(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else "—"


def _locked(scheme_pk: int) -> Scheme:
    """The scheme row locked for the rest of the transaction: two recomputations never interleave."""
    return Scheme.objects.select_for_update().select_related("plan__issuing_unit").get(pk=scheme_pk)


# ── Schemes ────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def scheme_create(
    *, actor, plan: Plan, group_name: str, levels, description: str = "", order: int = 0, task=None
) -> Scheme:
    scheme = Scheme(
        plan=plan,
        task=task,
        group_name=(group_name or "").strip(),
        levels=list(levels or []),
        description=(description or "").strip(),
        order=order or 0,
        created_by=actor,
    )
    if not rules.can_manage(actor, scheme):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng ban hành kế hoạch được lập bảng điểm thi đua."))
    if Scheme.objects.filter(plan=plan, group_name__iexact=scheme.group_name).exists():
        raise ConflictError(_("Kế hoạch này đã có bảng điểm cho khối “%(g)s”.") % {"g": scheme.group_name})
    scheme.full_clean()
    scheme.save()
    event_record(target=scheme, actor=actor, action="create", to_status=scheme.status)
    return scheme


@transaction.atomic
def scheme_update(
    *, actor, scheme: Scheme, group_name: str, levels, description: str = "", order: int = 0, task=None
) -> Scheme:
    scheme = _locked(scheme.pk)
    _check_manage(actor, scheme)
    _check_not_final(scheme)
    group_name = (group_name or "").strip()
    if Scheme.objects.filter(plan=scheme.plan, group_name__iexact=group_name).exclude(pk=scheme.pk).exists():
        raise ConflictError(_("Kế hoạch này đã có bảng điểm cho khối “%(g)s”.") % {"g": group_name})
    levels = list(levels or [])
    if sorted(levels) != sorted(scheme.levels) and scheme.computed_at:
        scheme.stale = True
    scheme.group_name, scheme.levels = group_name, levels
    scheme.description, scheme.order, scheme.task = (description or "").strip(), order or 0, task
    scheme.full_clean()
    scheme.save()
    event_record(
        target=scheme, actor=actor, action="update", from_status=scheme.status, to_status=scheme.status
    )
    return scheme


@transaction.atomic
def schemes_copy(*, actor, schemes, plan: Plan) -> list[Scheme]:
    """Copy schemes (typically last year's three) with their criteria into `plan`, as drafts."""
    schemes = list(schemes)
    if not schemes:
        raise ApplicationError(_("Hãy chọn ít nhất một bảng điểm để sao chép."))
    copies = []
    for source in schemes:
        if not rules.can_manage(actor, source):
            raise PermissionDeniedError(_("Bạn không quản lý bảng điểm “%(s)s”.") % {"s": source})
        if source.plan_id == plan.pk:
            raise ApplicationError(_("Hãy chọn kế hoạch của năm khác để sao chép sang."))
        copy = scheme_create(
            actor=actor,
            plan=plan,
            group_name=source.group_name,
            levels=source.levels,
            description=source.description,
            order=source.order,
            # The same task of the new year's plan, when it has one with that number.
            task=plan.tasks.filter(number=source.task.number).first() if source.task_id else None,
        )
        copy.copied_from = source
        copy.save(update_fields=["copied_from", "updated_at"])
        Criterion.objects.bulk_create(
            Criterion(scheme=copy, order=c.order, **{f: getattr(c, f) for f in CRITERION_FIELDS})
            for c in source.criteria.all()
        )
        event_record(
            target=copy,
            actor=actor,
            action="copy",
            to_status=copy.status,
            reason=_("Sao chép từ bảng điểm %(s)s.") % {"s": source},
        )
        copies.append(copy)
    return copies


@transaction.atomic
def scheme_open(*, actor, scheme: Scheme) -> Scheme:
    """The office starts scoring: from now on the schools see their own row."""
    scheme = _locked(scheme.pk)
    _check_manage(actor, scheme)
    if scheme.status != SchemeStatus.DRAFT:
        raise ConflictError(_("Bảng điểm đã được áp dụng."))
    if not scheme.criteria.exists():
        raise ApplicationError(_("Hãy thêm ít nhất một tiêu chí trước khi áp dụng bảng điểm."))
    scheme.status = SchemeStatus.OPEN
    scheme.save(update_fields=["status", "updated_at"])
    event_record(
        target=scheme, actor=actor, action="open", from_status=SchemeStatus.DRAFT, to_status=scheme.status
    )
    return scheme


@transaction.atomic
def scheme_publish(*, actor, scheme: Scheme, published: bool) -> Scheme:
    """Publish the table to every school of the khối (or take it back to each school's own row)."""
    scheme = _locked(scheme.pk)
    _check_manage(actor, scheme)
    if scheme.status == SchemeStatus.DRAFT:
        raise ConflictError(_("Bảng điểm còn đang soạn: hãy áp dụng và tính điểm trước khi công bố."))
    if scheme.published == published:
        return scheme
    scheme.published = published
    scheme.save(update_fields=["published", "updated_at"])
    event_record(
        target=scheme,
        actor=actor,
        action="publish" if published else "unpublish",
        from_status=scheme.status,
        to_status=scheme.status,
    )
    return scheme


@transaction.atomic
def scheme_finalise(*, actor, scheme: Scheme) -> Scheme:
    scheme = _locked(scheme.pk)
    if not rules.can_lock(actor, scheme):
        raise PermissionDeniedError(_("Chỉ lãnh đạo Phòng được chốt bảng điểm thi đua."))
    if scheme.status == SchemeStatus.FINAL:
        raise ConflictError(_("Bảng điểm đã được chốt."))
    if scheme.status != SchemeStatus.OPEN:
        raise ConflictError(_("Bảng điểm còn đang soạn: hãy áp dụng và tính điểm trước khi chốt."))
    if scheme.computed_at is None or scheme.stale:
        raise ConflictError(
            _("Tiêu chí đã thay đổi hoặc bảng điểm chưa được tính: hãy tính lại trước khi chốt.")
        )
    missing = CriterionScore.objects.filter(score__scheme=scheme, state=ItemState.NOT_SCORED).count()
    if missing:
        raise ConflictError(
            _("Còn %(n)d ô điểm chấm tay chưa chấm: hãy chấm đủ trước khi chốt.") % {"n": missing}
        )
    scheme.status = SchemeStatus.FINAL
    scheme.finalised_at, scheme.finalised_by = clock.now(), actor
    scheme.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    event_record(
        target=scheme, actor=actor, action="finalise", from_status=SchemeStatus.OPEN, to_status=scheme.status
    )
    return scheme


@transaction.atomic
def scheme_unlock(*, actor, scheme: Scheme, reason: str) -> Scheme:
    scheme = _locked(scheme.pk)
    if not rules.can_lock(actor, scheme):
        raise PermissionDeniedError(_("Chỉ lãnh đạo Phòng được mở khóa bảng điểm thi đua."))
    if scheme.status != SchemeStatus.FINAL:
        raise ConflictError(_("Bảng điểm chưa được chốt."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Hãy ghi lý do mở khóa bảng điểm."))
    scheme.status = SchemeStatus.OPEN
    scheme.finalised_at, scheme.finalised_by = None, None
    scheme.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    event_record(
        target=scheme,
        actor=actor,
        action="unlock",
        from_status=SchemeStatus.FINAL,
        to_status=scheme.status,
        reason=reason,
    )
    return scheme


# ── Criteria ───────────────────────────────────────────────────────────────────────────────────────


def _mark_stale(scheme: Scheme) -> None:
    if scheme.computed_at and not scheme.stale:
        scheme.stale = True
        scheme.save(update_fields=["stale", "updated_at"])


@transaction.atomic
def criterion_save(*, actor, scheme: Scheme, criterion: Criterion | None = None, **fields) -> Criterion:
    """Add a criterion to the scheme, or change one; the table is marked for recomputation."""
    scheme = _locked(scheme.pk)
    _check_manage(actor, scheme)
    _check_not_final(scheme)
    unknown = set(fields) - set(CRITERION_FIELDS) - {"order"}
    if unknown:
        raise TypeError(f"unknown criterion fields: {sorted(unknown)}")
    if criterion is None:
        criterion = Criterion(scheme=scheme)
        if "order" not in fields:
            last = scheme.criteria.order_by("-order").values_list("order", flat=True).first()
            criterion.order = (last or 0) + 1
        action = _("Thêm tiêu chí")
    else:
        if criterion.scheme_id != scheme.pk:
            raise PermissionDeniedError(_("Tiêu chí không thuộc bảng điểm này."))
        action = _("Sửa tiêu chí")
    for name, value in fields.items():
        setattr(criterion, name, value.strip() if isinstance(value, str) else value)
    if criterion.kind == CriterionKind.MANUAL:
        criterion.source_key, criterion.rule, criterion.steps, criterion.cap = "", "", [], None
    if Criterion.objects.filter(scheme=scheme, code__iexact=criterion.code).exclude(pk=criterion.pk).exists():
        raise ConflictError(_("Bảng điểm đã có tiêu chí mã “%(c)s”.") % {"c": criterion.code})
    criterion.full_clean(exclude=["scheme"])
    criterion.save()
    _mark_stale(scheme)
    event_record(
        target=scheme,
        actor=actor,
        action="criteria",
        from_status=scheme.status,
        to_status=scheme.status,
        reason=f"{action}: {criterion}",
    )
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    scheme = _locked(criterion.scheme_id)
    _check_manage(actor, scheme)
    _check_not_final(scheme)
    label = str(criterion)
    criterion.delete()
    _mark_stale(scheme)
    event_record(
        target=scheme,
        actor=actor,
        action="criteria",
        from_status=scheme.status,
        to_status=scheme.status,
        reason=_("Xóa tiêu chí: %(c)s") % {"c": label},
    )


# ── Computing ──────────────────────────────────────────────────────────────────────────────────────


def _ensure_rows(scheme: Scheme, unit_ids: list[int]) -> dict[int, SchoolScore]:
    """One row per school of the khối; rows of schools that left it (closed, moved) go."""
    rows = {row.unit_id: row for row in SchoolScore.objects.filter(scheme=scheme)}
    wanted = set(unit_ids)
    gone = [row.pk for uid, row in rows.items() if uid not in wanted]
    if gone:
        SchoolScore.objects.filter(pk__in=gone).delete()
    SchoolScore.objects.bulk_create(
        SchoolScore(scheme=scheme, unit_id=uid) for uid in unit_ids if uid not in rows
    )
    return {row.unit_id: row for row in SchoolScore.objects.filter(scheme=scheme)}


def _retotal(scheme: Scheme) -> None:
    """Totals from the items, then ranks within the khối (two queries and a bulk update)."""
    rows = list(SchoolScore.objects.filter(scheme=scheme))
    sums = dict(
        CriterionScore.objects.filter(score__scheme=scheme)
        .order_by()
        .values("score_id")
        .annotate(total=Sum("weighted"))
        .values_list("score_id", "total")
    )
    for row in rows:
        row.total = (sums.get(row.pk) or Decimal(0)).quantize(TWO_PLACES)
    rank_rows(rows)
    SchoolScore.objects.bulk_update(rows, ["total", "rank"], batch_size=500)


def _compute(scheme: Scheme) -> int:
    """Evaluate every computed criterion for every school of the khối; hand scores stay as they are."""
    units = scheme_units(scheme)
    unit_ids = [u.pk for u in units]
    criteria = list(scheme.criteria.all())
    sources = evaluate_sources(
        scheme.plan, {c.source_key for c in criteria if c.kind == CriterionKind.COMPUTED}, unit_ids
    )
    rows = _ensure_rows(scheme, unit_ids)
    existing = {
        (item.score_id, item.criterion_id): item
        for item in CriterionScore.objects.filter(score__scheme=scheme)
    }
    to_create, to_update = [], []
    for unit_id in unit_ids:
        row = rows[unit_id]
        for criterion in criteria:
            item = existing.get((row.pk, criterion.pk))
            is_new = item is None
            if is_new:
                item = CriterionScore(score=row, criterion=criterion)
            if criterion.kind == CriterionKind.MANUAL:
                if is_new:
                    item.state = ItemState.NOT_SCORED
                item.rule_text = criterion.rule_text
                item.weighted = (item.points * criterion.weight).quantize(TWO_PLACES)
            else:
                found = sources[criterion.source_key]
                value = None if found.missing else found.values.get(unit_id)
                if found.missing:
                    item.state = ItemState.SOURCE_GONE
                elif value is None:
                    item.state = ItemState.NO_DATA
                else:
                    item.state = ItemState.SCORED
                item.value = value
                item.points = criterion.points_for(value) if not found.missing else Decimal(0)
                item.weighted = (item.points * criterion.weight).quantize(TWO_PLACES)
                item.rule_text = criterion.rule_text
            (to_create if is_new else to_update).append(item)
    CriterionScore.objects.bulk_create(to_create, batch_size=500)
    CriterionScore.objects.bulk_update(
        to_update, ["state", "value", "points", "weighted", "rule_text"], batch_size=500
    )
    _retotal(scheme)
    scheme.computed_at = clock.now()
    scheme.stale = False
    scheme.save(update_fields=["computed_at", "stale", "updated_at"])
    return len(unit_ids)


@transaction.atomic
def scheme_recompute(*, actor, scheme: Scheme) -> Scheme:
    """Compute the table again from the indicators' current data (the button; the daily job)."""
    scheme = _locked(scheme.pk)
    if actor is not None:
        _check_manage(actor, scheme)
    if scheme.status == SchemeStatus.FINAL:
        raise ConflictError(
            _(
                "Bảng điểm đã chốt ngày %(d)s: không tính lại được. Lãnh đạo Phòng cần mở khóa "
                "(có ghi lý do) trước."
            )
            % {"d": _date(scheme.finalised_at)}
        )
    count = _compute(scheme)
    event_record(
        target=scheme,
        actor=actor,
        action="compute",
        from_status=scheme.status,
        to_status=scheme.status,
        reason=_("%(n)d đơn vị") % {"n": count},
    )
    return scheme


def recompute_open_schemes() -> int:
    """The daily job: every scheme being scored is recomputed (each in its own transaction)."""
    done = 0
    for scheme in Scheme.objects.filter(status=SchemeStatus.OPEN).order_by("pk"):
        scheme_recompute(actor=None, scheme=scheme)
        done += 1
    return done


# ── Hand scores ────────────────────────────────────────────────────────────────────────────────────


def _parse_points(raw, criterion: Criterion):
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        points = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("“%(v)s” không phải là số.") % {"v": raw}) from None
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise ApplicationError(
            _("Điểm phải từ 0 đến %(max)s.") % {"max": format_number(criterion.max_points)}
        )
    return points.quantize(TWO_PLACES)


@transaction.atomic
def manual_scores_set(*, actor, criterion: Criterion, entries) -> int:
    """Hand scores of one criterion: `entries` = [(unit, points or None to clear, comment)].

    All or nothing: when any line is wrong nothing is saved and every wrong line is listed.
    """
    scheme = _locked(criterion.scheme_id)
    _check_manage(actor, scheme)
    _check_not_final(scheme)
    if criterion.kind != CriterionKind.MANUAL:
        raise ApplicationError(_("Tiêu chí này được tính từ dữ liệu, không chấm tay."))
    units = {u.pk: u for u in scheme_units(scheme)}
    parsed, errors = [], []
    for unit, raw, comment in entries:
        if unit.pk not in units:
            errors.append(_("%(u)s: không thuộc khối thi đua này.") % {"u": unit.name})
            continue
        try:
            points = _parse_points(raw, criterion)
        except ApplicationError as exc:
            errors.append(f"{unit.name}: {exc.message}")
            continue
        parsed.append((unit, points, (comment or "").strip()))
    if errors:
        raise ApplicationError(
            _("Chưa lưu điểm nào, vì có dòng sai: %(e)s") % {"e": "; ".join(str(e) for e in errors)},
            extra={"errors": [str(e) for e in errors]},
        )
    rows = _ensure_rows(scheme, list(units))
    items = {
        item.score_id: item
        for item in CriterionScore.objects.filter(score__scheme=scheme, criterion=criterion)
    }
    now = clock.now()
    changed, to_create, to_update = 0, [], []
    for unit, points, comment in parsed:
        row = rows[unit.pk]
        item = items.get(row.pk)
        is_new = item is None
        if is_new:
            item = CriterionScore(score=row, criterion=criterion, state=ItemState.NOT_SCORED)
        before = (item.state, item.points if item.state == ItemState.HAND_SCORED else None, item.comment)
        if points is None:
            item.state, item.points, item.comment = ItemState.NOT_SCORED, Decimal(0), comment
        else:
            item.state, item.points, item.comment = ItemState.HAND_SCORED, points, comment
        after = (item.state, item.points if item.state == ItemState.HAND_SCORED else None, item.comment)
        item.weighted = (item.points * criterion.weight).quantize(TWO_PLACES)
        item.rule_text = criterion.rule_text
        if before != after:
            item.scored_by, item.scored_at = actor, now
            changed += 1
        if is_new:
            to_create.append(item)
        elif before != after:
            to_update.append(item)
    CriterionScore.objects.bulk_create(to_create, batch_size=500)
    CriterionScore.objects.bulk_update(
        to_update,
        ["state", "points", "weighted", "rule_text", "comment", "scored_by", "scored_at"],
        batch_size=500,
    )
    _retotal(scheme)
    if changed:
        event_record(
            target=scheme,
            actor=actor,
            action="manual_score",
            from_status=scheme.status,
            to_status=scheme.status,
            reason=_("%(c)s: %(n)d đơn vị") % {"c": criterion, "n": changed},
        )
    return changed
