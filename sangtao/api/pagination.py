"""Page-numbered lists (PAGE_SIZE in settings), described in Vietnamese in the OpenAPI document."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_query_description = _("Số trang, bắt đầu từ 1.")
