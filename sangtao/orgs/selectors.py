"""Reads of the organisation tree, always through the user's scope (STYLE example 3)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from sangtao.accounts import permissions
from sangtao.core.text import fold, folded_search

from .models import IMPLEMENTING_KINDS, OrgUnit, SchoolYear, UnitHistory, UnitYearStats


def units_for_user(
    user, *, q: str = "", kind: str = "", level: str = "", ownership: str = "", include_closed: bool = False
) -> QuerySet[OrgUnit]:
    """Units at or below the units where the user holds a role, filtered; "truong thcs" finds "Trường THCS"."""
    units = permissions.scope_units(user).select_related("parent")
    if q:
        units = units.filter(folded_search("name", q))
    if kind:
        units = units.filter(kind=kind)
    if level:
        units = units.filter(level=level)
    if ownership:
        units = units.filter(ownership=ownership)
    if not include_closed:
        units = units.active()
    return units.order_by("path")


def get_unit_for_user(user, pk) -> OrgUnit:
    """One unit within the user's scope, closed or not; 404 for anything else (it does not exist for them)."""
    try:
        return permissions.scope_units(user).select_related("parent").get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def scope_roots(user) -> list[OrgUnit]:
    """The top units of the user's scope: role units not already below another of them."""
    units = sorted({u.pk: u for u in permissions.role_units(user)}.values(), key=lambda u: u.path)
    roots: list[OrgUnit] = []
    for unit in units:
        if not any(unit.path.startswith(root.path) for root in roots):
            roots.append(unit)
    return roots


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list["TreeNode"] = field(default_factory=list)


def unit_tree(root: OrgUnit, *, include_closed: bool = True) -> TreeNode:
    """The subtree under `root` as nested nodes, built from one query on the materialised path."""
    units = OrgUnit.objects.filter(path__startswith=root.path).exclude(pk=root.pk)
    if not include_closed:
        units = units.active()
    top = TreeNode(root)
    nodes = {root.pk: top}
    # Parents come before children (depth first); siblings by sort order, then by name as Vietnamese read it.
    for unit in sorted(units, key=lambda u: (u.depth, u.sort_order, fold(u.name))):
        node = TreeNode(unit)
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id)
        if parent is not None:
            parent.children.append(node)
    return top


def unit_children(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return unit.children.order_by("sort_order", "name")


def unit_year_stats(unit: OrgUnit) -> QuerySet[UnitYearStats]:
    return unit.year_stats.select_related("year").order_by("-year__start")


def unit_history(unit: OrgUnit) -> QuerySet[UnitHistory]:
    return unit.history.select_related("old_parent", "new_parent", "actor").order_by("-at", "-id")


def current_year() -> SchoolYear | None:
    return SchoolYear.objects.filter(is_current=True).order_by("-start").first()


def with_current_stats(units: QuerySet[OrgUnit], year: SchoolYear | None) -> QuerySet[OrgUnit]:
    """Attach `current_stats` (a list of at most one UnitYearStats) in one extra query."""
    if year is None:
        return units.prefetch_related(
            Prefetch("year_stats", queryset=UnitYearStats.objects.none(), to_attr="current_stats")
        )
    return units.prefetch_related(
        Prefetch("year_stats", queryset=UnitYearStats.objects.filter(year=year), to_attr="current_stats")
    )


def parent_choices_for_user(user, *, exclude: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """Units under which the user may create or move units: open, not schools, within their manage scope."""
    units = (
        permissions.scope_units(user, *permissions.UNIT_MANAGERS)
        .active()
        .exclude(kind__in=IMPLEMENTING_KINDS)
    )
    if exclude is not None:
        units = units.exclude(path__startswith=exclude.path)
    return units.order_by("path")
