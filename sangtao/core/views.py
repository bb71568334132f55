from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults


def healthz(request):
    """For load balancers: 200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except Exception as exc:  # the point is to report any failure, whatever it is
        db = f"error: {exc.__class__.__name__}"
    status = 200 if db == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": db, "vendor": connection.vendor,
         "time": timezone.now().isoformat()},
        status=status,
    )


def page_not_found(request, exception):
    """404: a JSON answer under /api/ (a client reads {"detail": …}, not an HTML page), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Không tìm thấy (hoặc bạn không có quyền xem).")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: a JSON answer under /api/, the page elsewhere. The error itself is logged by Django."""
    if request.path.startswith("/api/"):
        message = _(
            "Dữ liệu bạn đã lưu không bị mất. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo quản trị hệ thống."
        )
        return JsonResponse({"detail": f"{_('Hệ thống đang gặp sự cố')}. {message}"}, status=500)
    return defaults.server_error(request)
