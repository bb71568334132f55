"""`{% school_clubs unit %}`: the school's clubs and whether it counts for the indicator (school dashboard)."""

from django import template

from sangtao.clubs import selectors

register = template.Library()


@register.inclusion_tag("clubs/_school_status.html", takes_context=True)
def school_clubs(context, unit):
    # The dashboard has already checked that the user may read `unit`; two queries.
    state = selectors.school_club_status([unit])[0]
    user = context["request"].user
    return {"school": state, "can_create": unit in selectors.creatable_units(user)}
