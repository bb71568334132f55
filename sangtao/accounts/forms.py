"""Forms of the accounts app, with Vietnamese labels and messages (vi is the source language)."""

from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from sangtao.core import widgets
from sangtao.orgs.models import OrgUnit, UnitKind

from .models import Role, User
from .permissions import covers
from .selectors import audit_content_types


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý mật khẩu phân biệt chữ hoa và chữ thường; "
            "nhập sai 5 lần liên tiếp, tài khoản sẽ bị tạm khóa 15 phút."
        ),
        "inactive": _("Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị hệ thống của đơn vị."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autocorrect": "off"})
        self.fields["password"].label = _("Mật khẩu")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password1"].help_text = _(
            "Ít nhất 12 ký tự, không phải toàn chữ số, không phải mật khẩu phổ biến, không giống tên đăng nhập."
        )
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")


class TemporaryPasswordForm(auth_forms.SetPasswordForm):
    """The administrator types a temporary password twice; the validators run as for any password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu tạm thời")
        self.fields["new_password1"].help_text = _(
            "Ít nhất 12 ký tự. Người dùng phải đổi mật khẩu này ngay ở lần đăng nhập tới."
        )
        self.fields["new_password2"].label = _("Nhập lại mật khẩu tạm thời")


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]*",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Hãy nhập mã 6 chữ số đang hiện trên ứng dụng xác thực."),
            "min_length": _("Mã xác thực gồm 6 chữ số."),
            "max_length": _("Mã xác thực gồm 6 chữ số."),
        },
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


ACTION_CHOICES = [
    ("", _("Mọi thao tác")),
    (str(LogEntry.Action.CREATE), _("Tạo mới")),
    (str(LogEntry.Action.UPDATE), _("Sửa")),
    (str(LogEntry.Action.DELETE), _("Xóa")),
    (str(LogEntry.Action.ACCESS), _("Xem, xuất dữ liệu")),
]

ACTION_LABELS = {int(value): label for value, label in ACTION_CHOICES if value}


def _content_type_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else content_type.model


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm (bản ghi, người thực hiện)"), required=False, max_length=100)
    content_type = forms.ModelChoiceField(
        label=_("Loại dữ liệu"),
        queryset=ContentType.objects.none(),
        required=False,
        empty_label=_("Mọi loại dữ liệu"),
    )
    action = forms.ChoiceField(label=_("Thao tác"), choices=ACTION_CHOICES, required=False)
    date_from = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")},
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["content_type"]
        field.queryset = audit_content_types()
        field.label_from_instance = _content_type_label

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


# Users and their role assignments

ALL = [("", _("— Tất cả —"))]
ACTIVE_CHOICES = [("", _("— Tất cả —")), ("1", _("Đang hoạt động")), ("0", _("Đã vô hiệu hóa"))]


def _unit_label(unit: OrgUnit) -> str:
    return f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"


def _unit_field(label, *, required=True, help_text="", empty_label=None):
    field = forms.ModelChoiceField(
        label=label,
        queryset=OrgUnit.objects.none(),
        required=required,
        help_text=help_text,
        empty_label=empty_label or _("— Chọn —"),
        error_messages={"invalid_choice": _("Đơn vị này không có trong danh sách bạn được chọn.")},
        widget=widgets.Select,  # a city has thousands of units: rendered without a template per option
    )
    field.label_from_instance = _unit_label
    return field


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("họ tên, tên đăng nhập, thư điện tử (gõ không dấu được)"),
            }
        ),
    )
    unit = _unit_field(_("Đơn vị"), required=False, empty_label=_("— Tất cả —"))
    role = forms.ChoiceField(label=_("Vai trò"), choices=ALL + Role.choices, required=False)
    active = forms.ChoiceField(label=_("Trạng thái"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        active = data.get("active", "")
        return {
            "q": data.get("q", ""),
            "unit": data.get("unit"),
            "role": data.get("role", ""),
            "active": None if active == "" else active == "1",
        }


class UserForm(forms.Form):
    """An account's own details; the units offered are those the administrator manages."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Tối đa 150 ký tự: chữ, số và các ký tự @ . + - _ (không dấu cách)."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocorrect": "off", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, help_text=_("Thông báo cũng được gửi về địa chỉ này.")
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    unit = _unit_field(_("Đơn vị công tác"))
    is_active = forms.BooleanField(
        label=_("Đang hoạt động"),
        required=False,
        initial=True,
        help_text=_(
            "Bỏ chọn để vô hiệu hóa: người dùng không đăng nhập được nữa, dữ liệu của họ vẫn được giữ."
        ),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {name: getattr(user, name) for name in cls.base_fields if hasattr(user, name)}

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in UserForm.base_fields}


class UserCreateForm(UserForm):
    """A new account; the temporary password obeys the same rules as any password."""

    password1 = forms.CharField(
        label=_("Mật khẩu tạm thời"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 12 ký tự. Người dùng phải đổi mật khẩu này ngay ở lần đăng nhập đầu tiên."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu tạm thời"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai mật khẩu không khớp nhau."))
        elif first:
            # Checked against what was typed, so that a password resembling the name is refused too.
            probe = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(first, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RoleGrantForm(forms.Form):
    """Add a role: a scope unit the administrator manages and, for a specialist, the team under it."""

    prefix = "role"

    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", _("— Chọn —"))] + Role.choices)
    unit = _unit_field(
        _("Phạm vi (đơn vị)"), help_text=_("Vai trò áp dụng cho đơn vị này và mọi đơn vị cấp dưới.")
    )
    team = _unit_field(
        _("Tổ / bộ phận"), required=False, help_text=_("Chỉ với chuyên viên: tổ / bộ phận thuộc đơn vị trên.")
    )

    def __init__(self, *args, units=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["team"].queryset = teams if teams is not None else OrgUnit.objects.none()

    def clean(self):
        data = super().clean()
        role, unit, team = data.get("role"), data.get("unit"), data.get("team")
        if role == Role.SPECIALIST and team is None and "team" not in self.errors:
            self.add_error("team", _("Chuyên viên phải thuộc một tổ / bộ phận."))
        elif role and role != Role.SPECIALIST and team is not None:
            self.add_error("team", _("Chỉ vai trò chuyên viên mới gắn với tổ / bộ phận; hãy để trống."))
        elif team is not None and unit is not None and (team.kind != UnitKind.TEAM or not covers(unit, team)):
            self.add_error("team", _("Hãy chọn một tổ / bộ phận thuộc “%(u)s”.") % {"u": unit})
        return data


class UserDeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)
