"""The error answers of every operation, written into the OpenAPI document.

Every error of the API has one shape, `{"detail": "<message>"}` (a rejected form adds `errors`), from one
exception handler (exceptions.py). Rather than repeat it on each of the hundred-odd operations, this
drf-spectacular postprocessing hook adds the answers an operation can give to its documented responses:

- 400 when it takes input (a body, a filter, a path parameter): the input is wrong;
- 401 and 403 when it authenticates: no or a bad token, or no right to do it;
- 404 when it names something (a path parameter, a page number, a record in the body): not found or not
  in the user's scope;
- 409 when it writes: the record is not in a state that allows it (ConflictError).

An operation names any other error answer it gives without a body, `extend_schema(responses={429: None})`
(the token's lock-out), and the hook gives it the error body too.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from rest_framework import serializers

ERROR_SCHEMA = {
    "type": "object",
    "description": _("Lỗi: thông báo bằng tiếng Việt; dữ liệu không hợp lệ kèm lỗi của từng trường."),
    "properties": {
        "detail": {"type": "string", "description": _("Thông báo lỗi.")},
        "errors": {
            "description": _("Lỗi của từng trường dữ liệu gửi lên (khi có)."),
            "oneOf": [{"type": "object", "additionalProperties": {}}, {"type": "array", "items": {}}],
        },
    },
    "required": ["detail"],
}

ERROR_RESPONSES = {
    "400": ("BadRequest", _("Dữ liệu gửi lên không hợp lệ.")),
    "401": ("Unauthorized", _("Chưa đăng nhập, hoặc token không hợp lệ.")),
    "403": ("Forbidden", _("Không có quyền thực hiện thao tác này.")),
    "404": ("NotFound", _("Không tìm thấy, hoặc ngoài phạm vi của người dùng.")),
    "409": ("Conflict", _("Hồ sơ đang ở trạng thái không cho phép thao tác này.")),
    "429": ("TooManyRequests", _("Quá nhiều yêu cầu, hoặc tài khoản tạm bị khóa.")),
}

WRITES = {"post", "put", "patch", "delete"}


def _codes(method: str, operation: dict) -> list[str]:
    parameters = operation.get("parameters", [])
    authenticates = any(requirement for requirement in operation.get("security", []))
    codes = []
    if parameters or "requestBody" in operation:
        codes.append("400")
    if authenticates:
        codes += ["401", "403"]
    if parameters or "requestBody" in operation:
        codes.append("404")
    if method in WRITES and authenticates:
        codes.append("409")
    return codes


def error_response(code: str) -> dict:
    """A reference to the documented error answer for `code`."""
    return {"$ref": f"#/components/responses/{ERROR_RESPONSES[code][0]}"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the error answers of every operation."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    responses = components.setdefault("responses", {})
    for name, description in ERROR_RESPONSES.values():
        responses[name] = {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            documented = operation.setdefault("responses", {})
            for code in _codes(method, operation):
                documented.setdefault(code, error_response(code))
            for code, response in documented.items():
                if code in ERROR_RESPONSES and "content" not in response and "$ref" not in response:
                    documented[code] = error_response(code)
    return result


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the empty choice of read-only choice fields that may be blank.

    DRF drops `allow_blank` from read-only fields (it only matters for input), so a unit's `level`, blank
    for an office, would be documented as one of the school levels only, and its answer break the document.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.ChoiceField) and field.read_only and _blank_in_model(field):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _blank_in_model(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False
