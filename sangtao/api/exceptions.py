from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sangtao.core.exceptions import ApplicationError


def exception_handler(exc, context):
    """Domain errors become JSON answers with their Vietnamese message (STYLE example 9)."""
    if isinstance(exc, ApplicationError):
        return Response({"detail": str(exc.message), **exc.extra}, status=exc.status_code)
    return drf_exception_handler(exc, context)
