"""Read-only pages: where each person lands, and the office and school dashboards."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import OFFICE_ROLES, Role
from sangtao.orgs.selectors import get_unit_for_user
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.models import Task


def home(request):
    user = request.user
    if not user.is_authenticated:
        # The public lands on the portal: news and the other public pages; staff sign in from there.
        return redirect("communication:home")
    plan = plan_selectors.current_plan_for_user(user)
    if user.has_role(*OFFICE_ROLES, Role.OBSERVER) and plan is not None:
        return redirect("dashboards:office", plan.pk)
    school_units = perms.role_units(user, Role.PRINCIPAL, Role.COORDINATOR, Role.TEACHER)
    if school_units:
        return redirect("dashboards:school", school_units[0].pk)
    if user.has_role(Role.PARTNER):
        return redirect("dashboards:partner")
    return render(request, "dashboards/empty.html", {"plan": plan})


@login_required
def office(request, plan_pk):
    plan = plan_selectors.get_plan_for_user(request.user, plan_pk)
    if not (perms.is_office(request.user) or request.user.has_role(Role.OBSERVER)):
        raise PermissionDenied
    context = plan_selectors.office_dashboard(request.user, plan)
    context["other_plans"] = plan_selectors.plans_for_user(request.user).exclude(pk=plan.pk)[:10]
    return render(request, "dashboards/office.html", context)


@login_required
def school(request, unit_pk):
    unit = get_unit_for_user(request.user, unit_pk)
    context = plan_selectors.school_overview(request.user, unit)
    return render(request, "dashboards/school.html", context)


@login_required
def partner(request):
    units = perms.role_units(request.user, Role.PARTNER)
    if not units:
        raise PermissionDenied
    tasks = (Task.objects.filter(partner_units__in=units).exclude(plan__status="draft")
             .select_related("plan", "lead_unit").distinct().order_by("plan_id", "order"))
    return render(request, "dashboards/partner.html", {"tasks": tasks, "units": units})
