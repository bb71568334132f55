"""The API's own endpoints: the token, the current user, and the browsable documentation."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sangtao.accounts.models import Role, RoleAssignment, User
from sangtao.accounts.services import otp_verify
from sangtao.core.exceptions import ApplicationError, PermissionDeniedError
from sangtao.orgs.api import UnitRefSerializer

from .exceptions import vi_errors


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, error_messages=vi_errors())
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, style={"input_type": "password"}, error_messages=vi_errors()
    )
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=8,
        error_messages=vi_errors(),
        help_text=gettext_lazy(
            "Mã 6 chữ số của ứng dụng xác thực: bắt buộc với tài khoản quản trị hệ thống."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=gettext_lazy("Gửi kèm mỗi yêu cầu: “Authorization: Token <token>”.")
    )


class TokenView(APIView):
    # Exchange a user name and password for the user's API token.
    #
    # Failures count towards the same lock-out as the login page: django-axes sees every attempt because
    # the request is passed to authenticate(). The flag it sets stays on this DRF request (not on the
    # Django request that AxesMiddleware inspects), so the answer is this JSON one, not the lock-out page.

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary=gettext_lazy("Lấy token API"),
        request=TokenObtainSerializer,
        responses={200: TokenSerializer, 429: None},
        auth=[],
    )
    def post(self, request):
        data = TokenObtainSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request=request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return Response(
                {
                    "detail": _(
                        "Tài khoản tạm bị khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau 15 phút "
                        "hoặc nhờ quản trị hệ thống mở khóa."
                    )
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            raise ApplicationError(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        if user.is_superuser or user.has_role(Role.ADMIN):
            # The second factor that the pages require of administrators is not skipped by the API.
            code = data.validated_data.get("otp_token", "").strip()
            if not code:
                raise PermissionDeniedError(
                    _("Tài khoản quản trị hệ thống phải gửi kèm mã xác thực (otp_token).")
                )
            otp_verify(user=user, token=code)
        if user.must_change_password:
            raise PermissionDeniedError(
                _("Bạn đang dùng mật khẩu tạm thời. Hãy đăng nhập trên trang web và đổi mật khẩu trước.")
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class RoleSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    team = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "role_label", "unit", "team"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    roles = RoleSerializer(many=True, read_only=True)
    is_office = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "phone", "unit", "roles", "is_office"]
        read_only_fields = fields


class MeView(APIView):
    @extend_schema(summary=gettext_lazy("Người dùng hiện tại, đơn vị và vai trò"), responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class DocsView(SpectacularSwaggerView):
    # Swagger UI from our own static files, its inline script and style carrying the CSP nonce.

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = gettext_lazy("Tài liệu API Sáng Tạo")
