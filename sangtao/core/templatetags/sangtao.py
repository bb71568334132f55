from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value, digits=0):
    """A share (0–1) or None as a Vietnamese percentage; None stays a dash, never a made-up 0."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value) * 100, int(digits))}%"


@register.filter
def num(value, digits=0):
    if value is None or value == "":
        return "—"
    return number_format(value, int(digits), force_grouping=True)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
