"""Reads of the importer: the drafts a person may review, and one draft laid out for the review page."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import OFFICE_ROLES, User
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, SchoolLevel, UnitKind

from ..models import PlanImport, PlanImportStatus, RecipientPurpose
from . import draft as drafts


def plan_imports_for_user(user: User, *, status: str = ""):
    """Drafts of the offices the user works for (office staff only: a school never sees them)."""
    if not user.is_authenticated:
        return PlanImport.objects.none()
    qs = PlanImport.objects.filter(perms.scope_q(user, "office", *OFFICE_ROLES)).select_related(
        "office", "created_by", "plan"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-id")


def get_plan_import_for_user(user: User, pk: int) -> PlanImport:
    draft = plan_imports_for_user(user).filter(pk=pk).first()
    if draft is None:
        raise Http404
    return draft


def importing_offices(user: User) -> list[OrgUnit]:
    """The offices (authorities) the user may import a plan for: those they review and those below them."""
    return list(
        perms.scope_units(user, *OFFICE_ROLES)
        .filter(kind=UnitKind.AUTHORITY, closed_on__isnull=True)
        .order_by("path")
    )


@dataclass
class Row:
    node: dict
    depth: int
    lead: OrgUnit | None
    partners: list[OrgUnit]
    implementing: list[OrgUnit]
    levels_label: str
    found: list[dict]
    indicators: list[dict]


def _levels_label(levels) -> str:
    return ", ".join(str(SchoolLevel(v).label) for v in levels if v in SchoolLevel.values)


def review(draft: PlanImport) -> dict:
    """The draft's tree, flattened with depth, its units resolved in one query."""
    proposal = draft.proposal
    ids = set()
    for node in drafts.iter_nodes(proposal["nodes"]):
        ids |= {pk for pk in [node["lead"], *node["partners"], *node["implementing"]] if pk}
        ids |= {f["unit"] for f in node["found"] if f.get("unit")}
    ids |= {r["unit"] for r in proposal["recipients"] if r.get("unit")}
    units = OrgUnit.objects.in_bulk(ids)
    by_node: dict[str, list[dict]] = {}
    for indicator in proposal["indicators"]:
        by_node.setdefault(indicator.get("node"), []).append(indicator)
    rows = []
    for node, depth in drafts.flatten(proposal["nodes"]):
        found = []
        for f in node["found"]:
            what = f.get("text") or ""
            if f.get("unit") in units and not what:
                what = units[f["unit"]].name
            if f["field"] == "levels":
                what = f"{what} → {_levels_label(f['levels']) or _('mọi trường')}"
            found.append({**f, "what": what})
        rows.append(
            Row(
                node=node,
                depth=depth,
                lead=units.get(node["lead"]),
                partners=[units[pk] for pk in node["partners"] if pk in units],
                implementing=[units[pk] for pk in node["implementing"] if pk in units],
                levels_label=_levels_label(node["levels"] or []),
                found=found,
                indicators=by_node.get(node["id"], []),
            )
        )
    node_titles = {row.node["id"]: f"{row.node['number']}. {row.node['title'][:70]}" for row in rows}
    recipients = [
        {**r, "unit_obj": units.get(r.get("unit")), "purpose_label": RecipientPurpose(r["purpose"]).label}
        for r in proposal["recipients"]
    ]
    indicators = [
        {
            **i,
            "node_title": node_titles.get(i.get("node"), ""),
            "levels_label": _levels_label(i.get("levels") or []),
        }
        for i in proposal["indicators"]
    ]
    return {
        "rows": rows,
        "recipients": recipients,
        "indicators": indicators,
        "header": proposal["header"],
        "bases": proposal["bases"],
        "warnings": proposal.get("warnings", []),
        "paragraphs": list(enumerate(draft.paragraphs)),
        "task_count": sum(1 for r in rows if r.node["kind"] == "task"),
        "section_count": sum(1 for r in rows if r.node["kind"] == "section"),
        "editable": draft.status == PlanImportStatus.DRAFT,
    }


def unit_choices(office: OrgUnit) -> dict[str, list[tuple[int, str]]]:
    """The units a reviewer may pick, grouped as the plan's task form groups them (one query)."""
    top = office.parent.path if office.parent_id else office.path
    leads, partners, schools = [], [], []
    for unit in OrgUnit.objects.active().filter(path__startswith=top).order_by("path"):
        below = unit.path.startswith(office.path)
        label = unit.name
        if below and unit.kind in (UnitKind.TEAM, UnitKind.AUTHORITY):
            leads.append((unit.pk, label))
        if unit.kind in (UnitKind.PARTNER, UnitKind.TEAM) or (unit.kind == UnitKind.OBSERVER and not below):
            partners.append((unit.pk, label))
        if below and unit.kind in IMPLEMENTING_KINDS:
            schools.append((unit.pk, label))
    return {"leads": leads, "partners": partners, "schools": schools}
