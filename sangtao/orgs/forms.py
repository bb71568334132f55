from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sangtao.accounts.models import StaffGroup
from sangtao.core.uploads import validate_upload

from . import wards
from .models import OrgUnit, Ownership, SchoolLevel, UnitKind

BLANK = [("", _("— Tất cả —"))]
CHOOSE = [("", _("— Chọn —"))]


def _indented(unit):
    return f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"


class UnitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("mã, tên (gõ không dấu được)")}),
    )
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=BLANK + UnitKind.choices, required=False)
    level = forms.ChoiceField(label=_("Cấp học"), choices=BLANK + SchoolLevel.choices, required=False)
    ownership = forms.ChoiceField(label=_("Loại hình"), choices=BLANK + Ownership.choices, required=False)
    closed = forms.BooleanField(label=_("Gồm đơn vị đã giải thể"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": data.get("q", ""),
            "kind": data.get("kind", ""),
            "level": data.get("level", ""),
            "ownership": data.get("ownership", ""),
            "include_closed": bool(data.get("closed")),
        }


class UnitForm(forms.ModelForm):
    """A unit's own details. Wards offered are those of the chosen province (reloaded when it changes)."""

    parent = forms.ModelChoiceField(label=_("Đơn vị cấp trên"), queryset=OrgUnit.objects.none())
    province_code = forms.ChoiceField(label=_("Tỉnh / thành phố"), required=False)
    ward_code = forms.ChoiceField(label=_("Phường / xã"), required=False)

    class Meta:
        model = OrgUnit
        fields = [
            "parent",
            "kind",
            "code",
            "name",
            "short_name",
            "level",
            "ownership",
            "province_code",
            "ward_code",
            "address",
            "head_name",
            "phone",
            "email",
            "sort_order",
        ]
        help_texts = {
            "code": _("Mã duy nhất, dùng khi nhập / xuất Excel."),
            "level": _("Bắt buộc với trường học."),
            "sort_order": _("Thứ tự trong cây đơn vị (số nhỏ đứng trước)."),
        }

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving has its own page (it moves the whole subtree); the kind never changes.
            del self.fields["parent"]
            self.fields["kind"].disabled = True
        else:
            self.fields["parent"].queryset = parents if parents is not None else OrgUnit.objects.none()
        # Django's own blank label is not translated into Vietnamese yet.
        for name in ("kind", "level", "ownership"):
            field = self.fields[name]
            field.choices = CHOOSE + [c for c in field.choices if c[0] != ""]
        if "parent" in self.fields:
            self.fields["parent"].empty_label = CHOOSE[0][1]
            self.fields["parent"].label_from_instance = _indented
        province = self._province()
        self.fields["province_code"].choices = CHOOSE + wards.province_choices()
        self.fields["province_code"].initial = province
        self.fields["province_code"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("orgs:ward_options"),
                "hx-target": "#id_ward_code",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
                "hx-include": "this",
            }
        )
        self.fields["ward_code"].choices = CHOOSE + wards.ward_choices(province)

    def _province(self) -> str:
        if self.is_bound:
            return wards.normalise_province_code(self.data.get(self.add_prefix("province_code")))
        if self.instance.province_code:
            return self.instance.province_code
        parent = self.initial.get("parent")
        if isinstance(parent, OrgUnit) and parent.province_code:
            return parent.province_code
        return wards.HCMC

    def clean(self):
        data = super().clean()
        try:
            data["province_code"], data["ward_code"], _name = wards.resolve(
                data.get("province_code"), data.get("ward_code")
            )
        except forms.ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field, errors)
        return data

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("parent", "kind")}


class UnitMoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(
        label=_("Chuyển đến đơn vị cấp trên"), queryset=OrgUnit.objects.none()
    )
    note = forms.CharField(label=_("Ghi chú (căn cứ, quyết định)"), required=False, widget=forms.Textarea)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents if parents is not None else OrgUnit.objects.none()
        self.fields["new_parent"].empty_label = CHOOSE[0][1]
        self.fields["new_parent"].label_from_instance = _indented


class UnitCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Ngày giải thể / sáp nhập"), help_text=_("dd/mm/yyyy"))
    note = forms.CharField(label=_("Ghi chú (căn cứ, quyết định, đơn vị tiếp nhận)"), widget=forms.Textarea)


class UnitReopenForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea)


class XlsxUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, allowed={"xlsx"})
        return uploaded


class SchoolImportForm(XlsxUploadForm):
    parent = forms.ModelChoiceField(
        label=_("Đặt trường mới dưới đơn vị"),
        queryset=OrgUnit.objects.none(),
        help_text=_("Trường đã có (cùng mã) giữ nguyên đơn vị cấp trên."),
    )
    field_order = ["parent", "file"]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else OrgUnit.objects.none()
        self.fields["parent"].empty_label = CHOOSE[0][1]
        self.fields["parent"].label_from_instance = _indented


class StaffFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    group = forms.ChoiceField(label=_("Nhóm"), choices=BLANK + StaffGroup.choices, required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "group": data.get("group", "")}


class StudentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    grade = forms.IntegerField(label=_("Khối"), required=False, min_value=0, max_value=12)
    class_name = forms.CharField(label=_("Lớp"), required=False, max_length=20)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "grade": data.get("grade"), "class_name": data.get("class_name", "")}


class StudentEraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận xóa dữ liệu của học sinh này theo yêu cầu; thao tác không hoàn tác được."),
        required=True,
        error_messages={"required": _("Hãy đánh dấu ô xác nhận trước khi xóa.")},
    )
