"""Forms of the accounts app, with Vietnamese labels and messages (vi is the source language)."""

from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

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
