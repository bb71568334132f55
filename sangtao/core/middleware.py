"""Maps the domain's one error type to an answer a person can read (STYLE example 9)."""

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse

from .exceptions import ApplicationError


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(exception.message)}, status=exception.status_code)
        # A failed action on a page: go back where the user was, with the reason on top.
        # Form views catch ApplicationError themselves so that what was typed is kept.
        messages.error(request, exception.message)
        back = request.META.get("HTTP_REFERER")
        if back and request.method == "POST":
            return HttpResponseRedirect(back)
        return TemplateResponse(
            request, "error.html", {"message": exception.message}, status=exception.status_code
        )
