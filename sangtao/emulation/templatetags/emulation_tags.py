from django import template

from sangtao.emulation.models import format_number

register = template.Library()


@register.filter
def points(value) -> str:
    """12.50 → "12,5": points as the office writes them."""
    return format_number(value)
