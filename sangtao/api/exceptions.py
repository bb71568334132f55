"""One table from errors to JSON answers with a Vietnamese message (STYLE example 9).

Every error answer of the API has the shape {"detail": "<message>"}; a rejected form adds "errors" with
the message of each field. DRF's own messages are only partly translated into Vietnamese, so the
common ones are replaced here, and input serializers take their field messages from `vi_errors`.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from sangtao.core.exceptions import ApplicationError


def _messages():
    return {
        exceptions.NotAuthenticated: _(
            "Bạn chưa đăng nhập. Hãy gửi token (Authorization: Token …) hoặc đăng nhập."
        ),
        exceptions.AuthenticationFailed: _("Token hoặc thông tin đăng nhập không hợp lệ."),
        exceptions.PermissionDenied: _("Bạn không có quyền thực hiện thao tác này."),
        exceptions.NotFound: _("Không tìm thấy (hoặc bạn không có quyền xem)."),
        exceptions.MethodNotAllowed: _("Địa chỉ này không nhận phương thức đó."),
        exceptions.NotAcceptable: _("Không trả được dữ liệu theo định dạng yêu cầu."),
        exceptions.UnsupportedMediaType: _("Định dạng dữ liệu gửi lên không được hỗ trợ."),
        exceptions.ParseError: _("Không đọc được dữ liệu gửi lên (sai định dạng?)."),
        exceptions.Throttled: _("Bạn gửi quá nhiều yêu cầu. Hãy thử lại sau ít phút."),
    }


def vi_errors(**overrides) -> dict:
    """Vietnamese messages for an input field's errors (DRF's defaults are partly in English)."""
    messages = {
        "required": gettext_lazy("Trường này là bắt buộc."),
        "null": gettext_lazy("Trường này không được để trống."),
        "blank": gettext_lazy("Trường này không được để trống."),
        "invalid": gettext_lazy("Giá trị không hợp lệ."),
        "invalid_choice": gettext_lazy("“{input}” không phải là lựa chọn hợp lệ."),
        "max_length": gettext_lazy("Tối đa {max_length} ký tự."),
        "min_length": gettext_lazy("Cần ít nhất {min_length} ký tự."),
        "max_value": gettext_lazy("Giá trị phải nhỏ hơn hoặc bằng {max_value}."),
        "min_value": gettext_lazy("Giá trị phải lớn hơn hoặc bằng {min_value}."),
        "max_string_length": gettext_lazy("Giá trị quá lớn."),
        "max_digits": gettext_lazy("Tối đa {max_digits} chữ số."),
        "max_decimal_places": gettext_lazy("Tối đa {max_decimal_places} chữ số thập phân."),
        "max_whole_digits": gettext_lazy("Tối đa {max_whole_digits} chữ số phần nguyên."),
        "empty": gettext_lazy("Danh sách không được rỗng."),
        "not_a_list": gettext_lazy("Cần một danh sách."),
        "no_name": gettext_lazy("Không xác định được tên tệp."),
        "max_length_file": gettext_lazy("Tên tệp quá dài."),
    }
    messages.update(overrides)
    return messages


def _first_message(detail, prefix="") -> str:
    """The first message of a DRF validation error, with the name of the field it belongs to."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "detail") else str(key)
            return _first_message(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
        return ""
    if isinstance(detail, list):
        for value in detail:
            if value:
                return _first_message(value, prefix)
        return ""
    return f"{prefix}: {detail}" if prefix else str(detail)


def exception_handler(exc, context):
    """Domain errors become JSON answers with their Vietnamese message; DRF's errors get one too."""
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response({"detail": str(exc.message), **exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response({"detail": " ".join(exc.messages)}, status=400)
    if isinstance(exc, OverflowError):
        # A number larger than the database stores (an id or a year typed by hand into a filter or a
        # body): SQLite refuses it before running the query. PostgreSQL compares it and finds nothing.
        set_rollback()
        return Response({"detail": _("Giá trị quá lớn.")}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        message = _first_message(exc.detail) or _("Dữ liệu gửi lên không hợp lệ.")
        response.data = {"detail": message, "errors": exc.detail}
        return response
    for kind, message in _messages().items():
        if isinstance(exc, kind):
            response.data = {"detail": message}
            break
    return response
