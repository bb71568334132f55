"""The one mapping from errors to JSON answers with a Vietnamese message."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions

from sangtao.api.exceptions import exception_handler
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError


def answer(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data


def test_it_maps_domain_errors_to_their_status_and_message():
    assert answer(ApplicationError("Sai dữ liệu.")) == (400, {"detail": "Sai dữ liệu."})
    assert answer(PermissionDeniedError("Không được.")) == (403, {"detail": "Không được."})
    assert answer(ConflictError("Đã khóa.", extra={"status": "approved"})) == (
        409,
        {"detail": "Đã khóa.", "status": "approved"},
    )


def test_it_answers_404_in_vietnamese():
    assert answer(Http404()) == (404, {"detail": "Không tìm thấy (hoặc bạn không có quyền xem)."})


def test_it_answers_a_number_too_large_for_the_database_with_400():
    # SQLite refuses an id beyond 2**63 - 1 in a filter with OverflowError before running the query.
    error = OverflowError("Python int too large to convert to SQLite INTEGER")
    assert answer(error) == (400, {"detail": "Giá trị quá lớn."})


def test_it_replaces_drf_english_messages():
    assert answer(exceptions.NotAuthenticated())[1]["detail"].startswith("Bạn chưa đăng nhập")
    assert answer(exceptions.MethodNotAllowed("DELETE")) == (
        405,
        {"detail": "Địa chỉ này không nhận phương thức đó."},
    )
    assert answer(exceptions.ParseError())[0] == 400


def test_it_names_the_field_of_a_validation_error():
    status, data = answer(exceptions.ValidationError({"values": [{}, {"value": ["Giá trị phải là số."]}]}))
    assert status == 400 and data["detail"] == "values.value: Giá trị phải là số."
    assert data["errors"] == {"values": [{}, {"value": ["Giá trị phải là số."]}]}


def test_it_answers_a_model_validation_error_with_its_messages():
    assert answer(DjangoValidationError({"url": ["Hãy nhập đường dẫn."]})) == (
        400,
        {"detail": "Hãy nhập đường dẫn."},
    )


def test_it_leaves_other_errors_to_django():
    assert exception_handler(ValueError("boom"), {}) is None
