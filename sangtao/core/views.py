from django.db import connection
from django.http import JsonResponse
from django.utils import timezone


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
