from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def _round(value, digits: int) -> Decimal:
    # number_format cuts decimals off; a figure in a report must be rounded half up.
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@register.filter
def pct(value, digits=0):
    """A share (0–1) or None as a Vietnamese percentage; None stays a dash, never a made-up 0."""
    if value is None or value == "":
        return "—"
    return f"{number_format(_round(Decimal(str(value)) * 100, int(digits)), int(digits))}%"


@register.filter
def num(value, digits=0):
    if value is None or value == "":
        return "—"
    return number_format(_round(value, int(digits)), int(digits), force_grouping=True)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def with_unit(value, unit_of_measure):
    """42,9% · 67 sáng kiến: a measured value with its unit, a dash when there is no value."""
    if value is None or value == "":
        return "—"
    unit = str(unit_of_measure or "")
    whole = float(value) == int(float(value))
    digits = 0 if whole and unit != "%" else 1
    text = number_format(_round(value, digits), digits, force_grouping=True)
    if not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"
