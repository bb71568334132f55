from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int | str:
    """A timedelta as whole minutes (rounded up), for the lock-out page; '' when there is none."""
    if not isinstance(value, timedelta):
        return ""
    seconds = int(value.total_seconds())
    return -(-seconds // 60)
