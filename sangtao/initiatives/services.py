"""Writes of the initiatives app: campaigns, councils, applications, reviews, scores, decisions.

Every function takes keyword-only arguments, checks permission, runs in a transaction and records an
event for every status change (STYLE examples 2 and 5). Messages are Vietnamese and shown as they are.
"""

import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, Staff, User
from sangtao.accounts.services import notify
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.locking import version_claim
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, SchoolYear

from . import permissions as iperms
from .models import (
    RECOGNISED,
    ApplicationRecord,
    Campaign,
    CampaignStatus,
    Council,
    CouncilLevel,
    CouncilMember,
    Decision,
    Initiative,
    InitiativeAttachment,
    InitiativeAuthor,
    InitiativeStatus,
    MemberRole,
    Review,
    ReviewStatus,
    Score,
)
from .rubric import aggregate, parse_marks, validate_criteria

S = InitiativeStatus
HUNDRED = Decimal(100)


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDeniedError(message)


def _clean(obj):
    """full_clean with the messages of every field joined into one ApplicationError."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"errors": exc.message_dict}) from exc


def _people(unit: OrgUnit, *roles) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__unit=unit, role_assignments__role__in=roles
        ).distinct()
    )


def _seats(council: Council | None, *roles) -> list[User]:
    if council is None:
        return []
    return [m.user for m in council.members.select_related("user") if not roles or m.role in roles]


def _author_users(initiative: Initiative) -> list[User]:
    users = {}
    for author in initiative.authors.select_related("user", "staff__user"):
        for user in (author.user, author.staff.user if author.staff else None):
            if user is not None:
                users[user.pk] = user
    return list(users.values())


def _initiative_url(initiative: Initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def school_council(initiative: Initiative) -> Council | None:
    return Council.objects.filter(
        campaign_id=initiative.campaign_id, level=CouncilLevel.SCHOOL, unit_id=initiative.unit_id
    ).first()


def office_council(campaign: Campaign) -> Council | None:
    return Council.objects.filter(campaign=campaign, level=CouncilLevel.OFFICE).first()


# ── Campaigns ──────────────────────────────────────────────────────────────────────────────────────


def _reviews_started(campaign: Campaign) -> bool:
    return Review.objects.filter(council__campaign=campaign).exists()


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    unit: OrgUnit,
    school_year: SchoolYear,
    title: str,
    opens_on,
    closes_on,
    description: str = "",
    criteria: list | None = None,
    pass_mark=None,
    similarity_threshold=None,
    tasks: Iterable = (),
) -> Campaign:
    _require(
        iperms.can_manage_campaign_of(actor, unit),
        _("Bạn không có quyền phát động đợt xét sáng kiến cho đơn vị này."),
    )
    campaign = Campaign(
        unit=unit,
        school_year=school_year,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        description=description,
        created_by=actor,
    )
    if criteria is not None:
        campaign.criteria = criteria
    if pass_mark is not None:
        campaign.pass_mark = pass_mark
    if similarity_threshold is not None:
        campaign.similarity_threshold = similarity_threshold
    _clean(campaign)
    campaign.save()
    campaign.tasks.set(list(tasks))
    event_record(target=campaign, actor=actor, action="create", to_status=campaign.status)
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign: Campaign, tasks: Iterable | None = None, **fields) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("unit").get(pk=campaign.pk)
    _require(iperms.can_manage_campaign(actor, campaign), _("Bạn không có quyền sửa đợt xét này."))
    if campaign.status == CampaignStatus.CLOSED:
        raise ConflictError(_("Đợt xét đã kết thúc, không sửa được."))
    rubric_changes = {
        k for k in ("criteria", "pass_mark") if k in fields and fields[k] != getattr(campaign, k)
    }
    if rubric_changes and _reviews_started(campaign):
        # A rubric changed under a council that has begun scoring would make its results unverifiable.
        raise ConflictError(_("Hội đồng đã bắt đầu chấm nên không đổi được thang điểm và điểm đạt."))
    for name, value in fields.items():
        setattr(campaign, name, value)
    _clean(campaign)
    campaign.save()
    if tasks is not None:
        campaign.tasks.set(list(tasks))
    return campaign


@transaction.atomic
def campaign_open(*, actor: User, campaign: Campaign) -> Campaign:
    _require(iperms.can_manage_campaign(actor, campaign), _("Bạn không có quyền phát động đợt xét này."))
    if campaign.status != CampaignStatus.DRAFT:
        raise ConflictError(_("Chỉ phát động được đợt xét đang chuẩn bị."))
    campaign.status = CampaignStatus.OPEN
    campaign.save(update_fields=["status", "updated_at"])
    event_record(
        target=campaign,
        actor=actor,
        action="open",
        from_status=CampaignStatus.DRAFT,
        to_status=campaign.status,
    )
    return campaign


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign, reason: str = "") -> Campaign:
    _require(iperms.can_manage_campaign(actor, campaign), _("Bạn không có quyền kết thúc đợt xét này."))
    if campaign.status != CampaignStatus.OPEN:
        raise ConflictError(_("Chỉ kết thúc được đợt xét đang diễn ra."))
    if Review.objects.filter(council__campaign=campaign, status=ReviewStatus.OPEN).exists():
        raise ConflictError(_("Còn phiên xét đang chấm; hãy kết thúc các phiên xét trước."))
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    event_record(
        target=campaign,
        actor=actor,
        action="close",
        from_status=CampaignStatus.OPEN,
        to_status=campaign.status,
        reason=reason,
    )
    return campaign


# ── Councils ───────────────────────────────────────────────────────────────────────────────────────


def council_default_name(unit: OrgUnit) -> str:
    return _("Hội đồng sáng kiến %(unit)s") % {"unit": unit.name}


@transaction.atomic
def council_create(*, actor: User, campaign: Campaign, unit: OrgUnit, name: str = "") -> Council:
    """The office's council (unit = the campaign's unit) or a school's (unit = the school)."""
    if unit.pk == campaign.unit_id:
        level = CouncilLevel.SCHOOL if unit.kind in IMPLEMENTING_KINDS else CouncilLevel.OFFICE
    else:
        if not (campaign.is_office and unit.kind in IMPLEMENTING_KINDS and perms.covers(campaign.unit, unit)):
            raise ApplicationError(
                _("Hội đồng phải thuộc đơn vị tổ chức đợt xét hoặc một trường trong phạm vi.")
            )
        level = CouncilLevel.SCHOOL
    _require(
        iperms.can_form_council_for(actor, campaign, unit), _("Bạn không có quyền thành lập hội đồng này.")
    )
    if campaign.status == CampaignStatus.CLOSED:
        raise ConflictError(_("Đợt xét đã kết thúc."))
    if Council.objects.filter(campaign=campaign, level=level, unit=unit).exists():
        raise ConflictError(_("Đơn vị này đã có hội đồng trong đợt xét."))
    council = Council(
        campaign=campaign, level=level, unit=unit, name=name.strip() or council_default_name(unit)
    )
    _clean(council)
    council.save()
    event_record(target=council, actor=actor, action="create")
    return council


def _may_sit_on(user: User, council: Council) -> bool:
    """A school's council is made of the school's people; the office's of people of the office's tree."""
    scope = council.unit if council.level == CouncilLevel.SCHOOL else council.campaign.unit
    units = [ra.unit for ra in user.roles] + ([user.unit] if user.unit_id else [])
    return any(perms.covers(scope, u) for u in units)


@transaction.atomic
def council_member_add(
    *, actor: User, council: Council, user: User, role: str = MemberRole.MEMBER
) -> CouncilMember:
    _require(
        iperms.can_manage_council(actor, council), _("Bạn không có quyền thay đổi thành viên hội đồng này.")
    )
    if role not in MemberRole.values:
        raise ApplicationError(_("Vai trò trong hội đồng không hợp lệ."))
    if not user.is_active or not _may_sit_on(user, council):
        raise ApplicationError(
            _("%(name)s không thuộc %(unit)s nên không là thành viên hội đồng này được.")
            % {"name": user.get_full_name(), "unit": council.unit.name}
        )
    if council.members.filter(user=user).exists():
        raise ConflictError(_("%(name)s đã là thành viên hội đồng.") % {"name": user.get_full_name()})
    if role == MemberRole.CHAIR and council.members.filter(role=MemberRole.CHAIR).exists():
        raise ConflictError(_("Hội đồng đã có chủ tịch."))
    member = CouncilMember.objects.create(council=council, user=user, role=role)
    event_record(
        target=council,
        actor=actor,
        action="member_add",
        reason=f"{user.get_full_name()} — {member.get_role_display()}",
    )
    notify(
        users=[user],
        title=_("Bạn là thành viên %(c)s") % {"c": council.name},
        body=_("Vai trò: %(r)s.") % {"r": member.get_role_display()},
        url=reverse("initiatives:queue"),
    )
    return member


@transaction.atomic
def council_member_remove(*, actor: User, member: CouncilMember) -> None:
    council = member.council
    _require(
        iperms.can_manage_council(actor, council), _("Bạn không có quyền thay đổi thành viên hội đồng này.")
    )
    if member.scores.exists():
        raise ConflictError(_("Thành viên đã chấm điểm nên không rút khỏi hội đồng được."))
    event_record(target=council, actor=actor, action="member_remove", reason=member.user.get_full_name())
    member.delete()


# ── Initiatives ────────────────────────────────────────────────────────────────────────────────────


def _authors_from(specs: list[dict], *, campaign: Campaign, default_unit: OrgUnit) -> list[InitiativeAuthor]:
    """Check the authors and their shares; each spec has `share` and a `user` and/or a `staff`."""
    if not specs:
        raise ApplicationError(_("Sáng kiến phải có ít nhất một tác giả."))
    authors, seen_users, seen_staff = [], set(), set()
    total = Decimal(0)
    for i, spec in enumerate(specs):
        user, staff = spec.get("user"), spec.get("staff")
        if staff is not None and user is None:
            user = staff.user
        if user is not None and staff is None:
            staff = Staff.objects.filter(user=user).first()
        if user is None and staff is None:
            raise ApplicationError(_("Tác giả thứ %(i)d chưa chọn người.") % {"i": i + 1})
        try:
            share = Decimal(str(spec.get("share"))).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise ApplicationError(
                _("Tỷ lệ đóng góp của tác giả thứ %(i)d không hợp lệ.") % {"i": i + 1}
            ) from None
        if share <= 0 or share > HUNDRED:
            raise ApplicationError(_("Tỷ lệ đóng góp của mỗi tác giả phải lớn hơn 0 và không quá 100%."))
        if (user is not None and user.pk in seen_users) or (staff is not None and staff.pk in seen_staff):
            raise ApplicationError(_("Một người được ghi hai lần trong danh sách tác giả."))
        seen_users.add(user.pk if user else None)
        seen_staff.add(staff.pk if staff else None)
        unit = staff.unit if staff is not None else (user.unit or default_unit)
        if not perms.covers(campaign.unit, unit):
            raise ApplicationError(
                _("%(name)s không thuộc phạm vi của đợt xét.") % {"name": (staff or user).__str__()}
            )
        authors.append(
            InitiativeAuthor(
                user=user,
                staff=staff,
                full_name=staff.full_name if staff else user.get_full_name(),
                position=(staff.position or staff.subject) if staff else "",
                unit=unit,
                share=share,
                order=i,
            )
        )
        total += share
    if total != HUNDRED:
        raise ApplicationError(
            _("Tổng tỷ lệ đóng góp của các tác giả phải bằng 100%% (hiện là %(t)s%%).")
            % {"t": f"{total.normalize():f}".replace(".", ",")}
        )
    return authors


def _save_authors(initiative: Initiative, authors: list[InitiativeAuthor]):
    initiative.authors.all().delete()
    for author in authors:
        author.initiative = initiative
    InitiativeAuthor.objects.bulk_create(authors)


def _check_author_list_has(actor: User, authors: list[InitiativeAuthor]):
    if not any(a.user_id == actor.pk for a in authors):
        raise ApplicationError(_("Người lập đơn phải là một trong các tác giả."))


@transaction.atomic
def initiative_create(*, actor: User, campaign: Campaign, authors: list[dict], **fields) -> Initiative:
    """A draft, written by one of its authors: a teacher or any staff user of a school in the campaign."""
    unit = iperms.author_unit(actor)
    _require(unit is not None, _("Chỉ giáo viên, cán bộ, nhân viên của trường mới đăng ký sáng kiến."))
    if not perms.covers(campaign.unit, unit):
        raise PermissionDeniedError(_("Đơn vị của bạn không thuộc phạm vi đợt xét này."))
    if campaign.status != CampaignStatus.OPEN or clock.today() > campaign.closes_on:
        raise ConflictError(_("Đợt xét không còn nhận hồ sơ."))
    author_rows = _authors_from(authors, campaign=campaign, default_unit=unit)
    _check_author_list_has(actor, author_rows)
    initiative = Initiative(campaign=campaign, unit=unit, created_by=actor, **fields)
    _clean(initiative)
    initiative.save()
    _save_authors(initiative, author_rows)
    event_record(target=initiative, actor=actor, action="create", to_status=initiative.status)
    return initiative


def _locked(initiative: Initiative) -> Initiative:
    return (
        Initiative.objects.select_for_update().select_related("campaign__unit", "unit").get(pk=initiative.pk)
    )


def _check_author(actor: User, initiative: Initiative, message: str):
    _require(iperms.is_author(actor, initiative), message)


@transaction.atomic
def initiative_update(
    *, actor: User, initiative: Initiative, authors: list[dict] | None = None, version: int | None = None,
    **fields,
) -> Initiative:
    version_claim(initiative, version)  # co-authors may edit the same draft at once
    initiative = _locked(initiative)
    _check_author(actor, initiative, _("Chỉ tác giả mới sửa được sáng kiến này."))
    if not initiative.is_editable:
        raise ConflictError(_("Sáng kiến đã nộp nên bị khóa, không sửa được."))
    for name, value in fields.items():
        setattr(initiative, name, value)
    _clean(initiative)
    initiative.save()
    if authors is not None:
        rows = _authors_from(authors, campaign=initiative.campaign, default_unit=initiative.unit)
        _check_author_list_has(actor, rows)
        _save_authors(initiative, rows)
    return initiative


@transaction.atomic
def attachment_add(*, actor: User, initiative: Initiative, file, title: str = "") -> InitiativeAttachment:
    initiative = _locked(initiative)
    _check_author(actor, initiative, _("Chỉ tác giả mới đính kèm tệp cho sáng kiến này."))
    if not initiative.is_editable:
        raise ConflictError(_("Sáng kiến đã nộp nên bị khóa, không thêm tệp được."))
    try:
        validate_upload(file)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    attachment = InitiativeAttachment(
        initiative=initiative, file=file, title=title.strip() or file.name, added_by=actor
    )
    _clean(attachment)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: InitiativeAttachment) -> None:
    initiative = _locked(attachment.initiative)
    _check_author(actor, initiative, _("Chỉ tác giả mới xóa được tệp của sáng kiến này."))
    if not initiative.is_editable:
        raise ConflictError(_("Sáng kiến đã nộp nên bị khóa, không xóa tệp được."))
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def initiative_submit(*, actor: User, initiative: Initiative) -> Initiative:
    """Submit for review: the application is locked from now on."""
    initiative = _locked(initiative)
    _check_author(actor, initiative, _("Chỉ tác giả mới nộp được sáng kiến này."))
    if initiative.status != S.DRAFT:
        raise ConflictError(_("Sáng kiến đã được nộp."))
    if not initiative.campaign.is_accepting:
        raise ConflictError(
            _("Đợt xét chỉ nhận hồ sơ từ %(a)s đến %(b)s.")
            % {
                "a": initiative.campaign.opens_on.strftime("%d/%m/%Y"),
                "b": initiative.campaign.closes_on.strftime("%d/%m/%Y"),
            }
        )
    shares = sum((a.share for a in initiative.authors.all()), Decimal(0))
    if shares != HUNDRED:
        raise ApplicationError(_("Tổng tỷ lệ đóng góp của các tác giả phải bằng 100% trước khi nộp."))
    _clean(initiative)
    initiative.status = S.SUBMITTED
    initiative.submitted_at = clock.now()
    initiative.save(update_fields=["status", "submitted_at", "updated_at"])
    event_record(
        target=initiative, actor=actor, action="submit", from_status=S.DRAFT, to_status=initiative.status
    )
    council = school_council(initiative)
    notify(
        users=_seats(council, MemberRole.CHAIR, MemberRole.SECRETARY)
        + _people(initiative.unit, Role.PRINCIPAL),
        title=_("Sáng kiến mới nộp: %(t)s") % {"t": initiative.title[:150]},
        body=_("%(unit)s — đợt xét “%(c)s”.")
        % {"unit": initiative.unit.display_short, "c": initiative.campaign.title},
        url=_initiative_url(initiative),
        dedupe_key=f"initiative-submit:{initiative.pk}",
    )
    return initiative


@transaction.atomic
def initiative_withdraw(*, actor: User, initiative: Initiative, reason: str = "") -> Initiative:
    """The author takes the application back, which is possible only before the review starts."""
    initiative = _locked(initiative)
    _check_author(actor, initiative, _("Chỉ tác giả mới rút được sáng kiến này."))
    if initiative.status != S.SUBMITTED:
        raise ConflictError(_("Chỉ rút được sáng kiến đã nộp và chưa được đưa ra hội đồng xét."))
    initiative.status = S.WITHDRAWN
    initiative.save(update_fields=["status", "updated_at"])
    event_record(
        target=initiative,
        actor=actor,
        action="withdraw",
        from_status=S.SUBMITTED,
        to_status=initiative.status,
        reason=reason,
    )
    notify(
        users=_seats(school_council(initiative), MemberRole.CHAIR, MemberRole.SECRETARY),
        title=_("Tác giả đã rút sáng kiến: %(t)s") % {"t": initiative.title[:150]},
        body=reason,
        url=_initiative_url(initiative),
    )
    return initiative


# ── Review and scores ──────────────────────────────────────────────────────────────────────────────


def exclusion_reason(
    user: User, council: Council, initiative: Initiative, authors, *, units: set[int] | None = None
) -> str:
    """Why `user` may not score `initiative` on `council` (conflict of interest), or "" when they may.

    An author never scores their own initiative; on the office's council nobody scores an initiative of
    their own unit, where they would be judging their colleagues.
    """
    author_users = {a.user_id for a in authors} | {a.staff.user_id for a in authors if a.staff is not None}
    if user.pk in author_users:
        return _("Bạn là tác giả của sáng kiến này nên không chấm điểm (tránh xung đột lợi ích).")
    if council.level == CouncilLevel.OFFICE:
        author_units = {initiative.unit_id} | {a.unit_id for a in authors}
        if (units if units is not None else iperms.member_units(user)) & author_units:
            return _(
                "Bạn công tác cùng đơn vị với tác giả (%(unit)s) nên không chấm sáng kiến này ở hội đồng cấp Phòng."
            ) % {"unit": initiative.unit.display_short}
    return ""


def eligible_members(
    council: Council, initiative: Initiative, authors=None, members=None
) -> list[CouncilMember]:
    authors = authors if authors is not None else list(initiative.authors.select_related("staff"))
    members = (
        members
        if members is not None
        else list(council.members.select_related("user").prefetch_related("user__role_assignments"))
    )
    return [m for m in members if not exclusion_reason(m.user, council, initiative, authors)]


def quorum(eligible_count: int) -> int:
    """Scores needed to close: at least half of the members who may score, and at least one."""
    return max(1, math.ceil(eligible_count / 2))


@transaction.atomic
def review_start(*, actor: User, initiative: Initiative) -> Review:
    """Put a submitted initiative before its school's council, or a forwarded one before the office's."""
    initiative = _locked(initiative)
    if initiative.status == S.SUBMITTED:
        council = school_council(initiative)
        if council is None:
            raise ApplicationError(
                _("%(unit)s chưa có hội đồng sáng kiến cho đợt xét này; hãy thành lập hội đồng trước.")
                % {"unit": initiative.unit.name}
            )
        new_status = S.IN_REVIEW
    elif initiative.status == S.FORWARDED:
        council = office_council(initiative.campaign)
        if council is None:
            raise ApplicationError(
                _("Đợt xét chưa có hội đồng sáng kiến cấp Phòng; hãy thành lập hội đồng trước.")
            )
        new_status = S.FORWARDED
    else:
        raise ConflictError(
            _("Sáng kiến đang ở trạng thái “%(s)s” nên không đưa ra hội đồng được.")
            % {"s": initiative.get_status_display()}
        )
    members = list(council.members.select_related("user").prefetch_related("user__role_assignments"))
    _require(
        iperms.can_start_review(actor, council, members),
        _("Chỉ chủ tịch, thư ký hoặc người thành lập hội đồng mới đưa sáng kiến ra hội đồng."),
    )
    if Review.objects.filter(initiative=initiative, council=council).exists():
        raise ConflictError(_("Hội đồng đã xét sáng kiến này."))
    eligible = eligible_members(council, initiative, members=members)
    if not eligible:
        raise ApplicationError(
            _(
                "Hội đồng không còn thành viên nào được chấm sáng kiến này (đều là tác giả hoặc cùng đơn vị với tác giả)."
            )
        )
    campaign = initiative.campaign
    review = Review.objects.create(
        initiative=initiative,
        council=council,
        level=council.level,
        criteria=validate_criteria(campaign.criteria),
        pass_mark=campaign.pass_mark,
        started_at=clock.now(),
        started_by=actor,
    )
    old = initiative.status
    initiative.status = new_status
    initiative.save(update_fields=["status", "updated_at"])
    event_record(
        target=initiative,
        actor=actor,
        action="review_start",
        from_status=old,
        to_status=new_status,
        reason=council.name,
    )
    notify(
        users=[m.user for m in eligible],
        title=_("Sáng kiến cần chấm: %(t)s") % {"t": initiative.title[:150]},
        body=council.name,
        url=reverse("initiatives:review", args=[review.pk]),
        dedupe_key=f"review:{review.pk}",
    )
    return review


@transaction.atomic
def score_submit(*, actor: User, review: Review, values: dict, comment: str = "") -> Score:
    """A member's score sheet: each member scores on their own, once; the sheet is final."""
    review = (
        Review.objects.select_for_update()
        .select_related("council__campaign", "initiative__unit")
        .get(pk=review.pk)
    )
    member = review.council.members.filter(user=actor).first() if actor.is_authenticated else None
    _require(member is not None, _("Bạn không phải thành viên hội đồng xét sáng kiến này."))
    if review.status != ReviewStatus.OPEN:
        raise ConflictError(_("Phiên xét đã kết thúc, không chấm được nữa."))
    initiative = review.initiative
    authors = list(initiative.authors.select_related("staff"))
    reason = exclusion_reason(actor, review.council, initiative, authors)
    _require(not reason, reason)
    if Score.objects.filter(member=member, initiative=initiative, council=review.council).exists():
        raise ConflictError(_("Bạn đã chấm sáng kiến này; phiếu chấm đã khóa."))
    try:
        marks = parse_marks(review.criteria, values or {})
    except ValidationError as exc:
        raise ApplicationError(
            _("Phiếu chấm chưa hợp lệ: %(e)s") % {"e": " ".join(exc.messages)},
            extra={"errors": exc.message_dict},
        ) from exc
    try:
        with transaction.atomic():
            score = Score.objects.create(
                initiative=initiative,
                council=review.council,
                member=member,
                values=marks,
                comment=comment.strip(),
                submitted_at=clock.now(),
            )
    except IntegrityError:
        raise ConflictError(_("Bạn đã chấm sáng kiến này; phiếu chấm đã khóa.")) from None
    eligible = eligible_members(review.council, initiative, authors=authors)
    done = Score.objects.filter(initiative=initiative, council=review.council).count()
    if done >= len(eligible):
        notify(
            users=_seats(review.council, MemberRole.CHAIR),
            title=_("Đủ phiếu chấm: %(t)s") % {"t": initiative.title[:150]},
            body=_("Tất cả thành viên đã chấm; chủ tịch hội đồng có thể kết thúc phiên xét."),
            url=reverse("initiatives:review", args=[review.pk]),
            dedupe_key=f"review-complete:{review.pk}",
        )
    return score


def review_result(review: Review):
    """The rubric's aggregate of the review's stored scores (rubric.aggregate)."""
    values = Score.objects.filter(
        initiative_id=review.initiative_id, council_id=review.council_id
    ).values_list("values", flat=True)
    return aggregate(review.criteria, list(values))


@transaction.atomic
def review_close(*, actor: User, review: Review, reason: str = "") -> Review:
    """The chair closes the review: recognised at the council's level when the result reaches the pass mark."""
    review = (
        Review.objects.select_for_update()
        .select_related("council__campaign", "initiative__unit")
        .get(pk=review.pk)
    )
    members = list(review.council.members.select_related("user").prefetch_related("user__role_assignments"))
    member = iperms.seat(actor, review.council, members)
    _require(
        member is not None and member.role == MemberRole.CHAIR,
        _("Chỉ chủ tịch hội đồng mới kết thúc phiên xét."),
    )
    if review.status != ReviewStatus.OPEN:
        raise ConflictError(_("Phiên xét đã kết thúc."))
    initiative = _locked(review.initiative)
    eligible = eligible_members(review.council, initiative, members=members)
    result = review_result(review)
    needed = quorum(len(eligible))
    if result.count < needed:
        raise ApplicationError(
            _("Mới có %(n)d/%(m)d thành viên chấm; cần ít nhất %(q)d phiếu chấm để kết thúc.")
            % {"n": result.count, "m": len(eligible), "q": needed}
        )
    passed = result.passes(review.pass_mark)
    reason = reason.strip()
    if not passed:
        shortfall = _("Điểm %(r)s dưới điểm đạt %(p)s.") % {
            "r": _fmt(result.total),
            "p": _fmt(review.pass_mark),
        }
        reason = f"{shortfall} {reason}".strip()
    review.status = ReviewStatus.CLOSED
    review.result, review.passed, review.reason = result.total, passed, reason
    review.closed_at, review.closed_by = clock.now(), actor
    review.save(update_fields=["status", "result", "passed", "reason", "closed_at", "closed_by"])
    old = initiative.status
    if review.level == CouncilLevel.SCHOOL:
        initiative.status = S.RECOGNISED_SCHOOL if passed else S.NOT_RECOGNISED
    else:
        # Not recognised by the office, it remains what its school recognised.
        initiative.status = S.RECOGNISED_OFFICE if passed else S.RECOGNISED_SCHOOL
    if passed or review.level == CouncilLevel.SCHOOL:
        # An initiative the office does not recognise keeps its school's score beside its school recognition.
        initiative.result = result.total
    if passed:
        initiative.recognised_on = clock.today()
        initiative.not_recognised_reason = ""
    elif review.level == CouncilLevel.SCHOOL:
        initiative.not_recognised_reason = reason
    initiative.save(
        update_fields=["status", "result", "recognised_on", "not_recognised_reason", "updated_at"]
    )
    event_record(
        target=initiative,
        actor=actor,
        action="review_close",
        from_status=old,
        to_status=initiative.status,
        reason=reason or _("Điểm %(r)s.") % {"r": _fmt(result.total)},
    )
    title = (_("Sáng kiến được công nhận: %(t)s") if passed else _("Kết quả xét sáng kiến: %(t)s")) % {
        "t": initiative.title[:150]
    }
    notify(
        users=_author_users(initiative),
        title=title,
        body=_("%(c)s: %(r)s điểm. %(reason)s")
        % {"c": review.council.name, "r": _fmt(result.total), "reason": reason},
        url=_initiative_url(initiative),
    )
    return review


def _fmt(number) -> str:
    return f"{Decimal(number).quantize(Decimal('0.01')):f}".replace(".", ",") if number is not None else "—"


@transaction.atomic
def initiative_forward(*, actor: User, initiative: Initiative, note: str = "") -> Initiative:
    """The school's head proposes an initiative recognised by the school to the office's council."""
    initiative = _locked(initiative)
    _require(iperms.can_forward(actor, initiative), _("Chỉ thủ trưởng đơn vị mới đề nghị xét cấp Phòng."))
    if not initiative.campaign.is_office:
        raise ConflictError(_("Đợt xét của trường không có hội đồng cấp Phòng."))
    if initiative.status != S.RECOGNISED_SCHOOL:
        raise ConflictError(_("Chỉ đề nghị được sáng kiến đã được công nhận cấp trường."))
    if Review.objects.filter(initiative=initiative, level=CouncilLevel.OFFICE).exists():
        raise ConflictError(_("Hội đồng cấp Phòng đã xét sáng kiến này."))
    initiative.status = S.FORWARDED
    initiative.save(update_fields=["status", "updated_at"])
    event_record(
        target=initiative,
        actor=actor,
        action="forward",
        from_status=S.RECOGNISED_SCHOOL,
        to_status=initiative.status,
        reason=note,
    )
    notify(
        users=_seats(office_council(initiative.campaign), MemberRole.CHAIR, MemberRole.SECRETARY),
        title=_("Đề nghị xét cấp Phòng: %(t)s") % {"t": initiative.title[:150]},
        body=initiative.unit.name,
        url=_initiative_url(initiative),
    )
    return initiative


# ── Decisions and applications ─────────────────────────────────────────────────────────────────────


def decision_candidates(campaign: Campaign, unit: OrgUnit):
    """Initiatives the unit may list in a decision: recognised at its level and in no decision of that level."""
    if unit.kind in IMPLEMENTING_KINDS:
        level, qs = CouncilLevel.SCHOOL, campaign.initiatives.filter(unit=unit, status__in=RECOGNISED)
    else:
        level, qs = CouncilLevel.OFFICE, campaign.initiatives.filter(status=S.RECOGNISED_OFFICE)
    return level, qs.exclude(decisions__level=level, decisions__campaign=campaign)


@transaction.atomic
def decision_issue(
    *,
    actor: User,
    campaign: Campaign,
    unit: OrgUnit,
    number: str,
    signed_on,
    place: str,
    signer_name: str,
    signer_title: str,
    initiatives: Iterable[Initiative],
) -> Decision:
    _require(
        iperms.can_issue_decision(actor, unit), _("Chỉ thủ trưởng đơn vị mới ban hành quyết định công nhận.")
    )
    if not (unit.pk == campaign.unit_id or (campaign.is_office and perms.covers(campaign.unit, unit))):
        raise ApplicationError(_("Đơn vị không thuộc phạm vi đợt xét."))
    level, candidates = decision_candidates(campaign, unit)
    wanted = {i.pk for i in initiatives}
    if not wanted:
        raise ApplicationError(_("Hãy chọn ít nhất một sáng kiến được công nhận."))
    allowed = set(candidates.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        raise ConflictError(
            _("Có sáng kiến chưa được công nhận ở cấp này hoặc đã có trong quyết định khác; hãy chọn lại.")
        )
    decision = Decision(
        campaign=campaign,
        unit=unit,
        level=level,
        number=number.strip(),
        signed_on=signed_on,
        place=place.strip(),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        issued_by=actor,
    )
    _clean(decision)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise ConflictError(
            _("Số quyết định %(n)s đã được dùng trong đợt xét này.") % {"n": number}
        ) from None
    chosen = list(Initiative.objects.filter(pk__in=allowed))
    decision.initiatives.set(chosen)
    event_record(target=decision, actor=actor, action="issue", reason=decision.number)
    for initiative in chosen:
        event_record(
            target=initiative,
            actor=actor,
            action="decision",
            from_status=initiative.status,
            to_status=initiative.status,
            reason=_("Quyết định số %(n)s ngày %(d)s")
            % {"n": decision.number, "d": decision.signed_on.strftime("%d/%m/%Y")},
        )
        notify(
            users=_author_users(initiative),
            title=_("Quyết định công nhận sáng kiến số %(n)s") % {"n": decision.number},
            body=initiative.title,
            url=reverse("initiatives:decision", args=[decision.pk]),
        )
    return decision


@transaction.atomic
def application_record(
    *,
    actor: User,
    initiative: Initiative,
    place: str,
    since,
    description: str = "",
    unit: OrgUnit | None = None,
) -> ApplicationRecord:
    """Record where a recognised initiative has been applied since: by its authors, or by another school."""
    initiative = Initiative.objects.select_related("unit").get(pk=initiative.pk)
    if initiative.status not in RECOGNISED:
        raise ConflictError(_("Chỉ ghi nhận nơi áp dụng cho sáng kiến đã được công nhận."))
    author = iperms.is_author(actor, initiative)
    if unit is not None:
        _require(
            author or perms.can_edit_for_unit(actor, unit),
            _("Chỉ tác giả hoặc thủ trưởng, cán bộ phụ trách của đơn vị mới ghi nhận được."),
        )
    else:
        _require(author, _("Chỉ tác giả mới ghi nhận nơi áp dụng không gắn với đơn vị."))
    if since and since > clock.today():
        raise ApplicationError(_("Ngày áp dụng không được sau hôm nay."))
    record = ApplicationRecord(
        initiative=initiative,
        unit=unit,
        place=place.strip() or (unit.name if unit else ""),
        since=since,
        by_author=author,
        description=description.strip(),
        recorded_by=actor,
    )
    _clean(record)
    record.save()
    return record
