from .permissions import is_admin


def user_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_admin": is_admin(user),
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
