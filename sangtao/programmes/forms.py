import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitKind

from .models import CriteriaSet, Criterion, Direction, MeetMethod, ProgrammeKind

DATE_INPUT = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}}
DATE_FORMATS = ["%d/%m/%Y"]
LEVEL_CHOICES = [c for c in SchoolLevel.choices if c[0] != SchoolLevel.DVTN]


class CriteriaSetForm(forms.Form):
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại mô hình"), choices=ProgrammeKind.choices)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CopySetForm(forms.Form):
    name = forms.CharField(
        label=_("Tên bộ tiêu chí mới"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Bộ tiêu chí Trường học xanh 2025. Để trống: giữ tên cũ."),
    )


class GroupForm(forms.Form):
    code = forms.CharField(label=_("Mã nhóm"), max_length=10)
    name = forms.CharField(label=_("Tên nhóm tiêu chí"), max_length=255)


class CriterionForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Áp dụng cho cấp học"),
        choices=LEVEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: áp dụng cho mọi cấp học."),
    )

    class Meta:
        model = Criterion
        fields = [
            "code",
            "text",
            "max_points",
            "method",
            "scale_max",
            "threshold",
            "threshold_unit",
            "direction",
            "evidence",
            "evidence_required",
            "levels",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "evidence": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("method") == MeetMethod.SCALE and not data.get("scale_max"):
            self.add_error("scale_max", _("Tiêu chí chấm theo thang mức phải có số mức (từ 1)."))
        if data.get("method") == MeetMethod.THRESHOLD and data.get("threshold") is None:
            self.add_error("threshold", _("Tiêu chí so với ngưỡng phải có ngưỡng."))
        return data

    def _post_clean(self):
        # The model is saved by the service; the form only parses.
        pass


class LevelForm(forms.Form):
    name = forms.CharField(label=_("Mức công nhận"), max_length=120)
    min_percent = forms.DecimalField(
        label=_("Tỷ lệ điểm tối thiểu (%)"), min_value=0, max_value=100, decimal_places=2
    )
    validity_months = forms.IntegerField(label=_("Thời hạn (tháng)"), min_value=1, max_value=120, initial=24)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Tên mô hình"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại mô hình"), choices=ProgrammeKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    criteria_set = forms.ModelChoiceField(label=_("Bộ tiêu chí"), queryset=CriteriaSet.objects.none())
    partner_unit = forms.ModelChoiceField(
        label=_("Đơn vị phối hợp thẩm định"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Ví dụ Phòng Tài nguyên và Môi trường. Để trống nếu chỉ Phòng thẩm định."),
    )
    levels = forms.MultipleChoiceField(
        label=_("Cấp học tham gia"),
        choices=LEVEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: mọi cấp học."),
    )
    self_assessment_due = forms.DateField(
        label=_("Hạn nộp tự đánh giá"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(**DATE_INPUT),
    )
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.order_by("name", "-version")
        self.fields["partner_unit"].queryset = OrgUnit.objects.active().filter(kind=UnitKind.PARTNER)


class EnrolForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Các trường"), queryset=OrgUnit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_qs


class RequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Trường"), queryset=OrgUnit.objects.none())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_qs
        units = list(units_qs[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    """One criterion of the self-assessment; the field that matters depends on the criterion's method."""

    met = forms.TypedChoiceField(
        label=_("Kết quả"),
        required=False,
        choices=[("", "—"), ("1", _("Đạt")), ("0", _("Chưa đạt"))],
        coerce=lambda v: v == "1",
        empty_value=None,
    )
    scale_value = forms.IntegerField(
        label=_("Mức đạt"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    number_value = forms.DecimalField(
        label=_("Số liệu"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    note = forms.CharField(
        label=_("Giải trình"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criterion: Criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        keep = {"yes_no": "met", "scale": "scale_value", "threshold": "number_value"}[criterion.method]
        for name in ("met", "scale_value", "number_value"):
            if name != keep:
                del self.fields[name]
        if criterion.method == MeetMethod.SCALE:
            self.fields["scale_value"].max_value = criterion.scale_max
            self.fields["scale_value"].label = _("Mức đạt (0–%(n)d)") % {"n": criterion.scale_max}
            self.fields["scale_value"].widget.attrs["max"] = criterion.scale_max
        if criterion.method == MeetMethod.THRESHOLD:
            sign = "≥" if criterion.direction == Direction.AT_LEAST else "≤"
            self.fields["number_value"].label = _("Số liệu (ngưỡng %(sign)s %(t)s %(u)s)") % {
                "sign": sign,
                "t": criterion.threshold,
                "u": criterion.threshold_unit,
            }


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Tên minh chứng"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Tệp"),
        required=False,
        help_text=_("PDF, Word, Excel, ảnh; kiểm tra nội dung và dung lượng khi tải lên."),
    )
    url = forms.URLField(label=_("Hoặc đường dẫn"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Hãy chọn tệp hoặc nhập đường dẫn minh chứng."))
        return data


class DecideForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=80, required=False)


class ReadingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Trường"), queryset=OrgUnit.objects.none())
    month = forms.CharField(
        label=_("Tháng (mm/yyyy)"),
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"}),
    )
    electricity_kwh = forms.DecimalField(
        label=_("Điện (kWh)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    water_m3 = forms.DecimalField(
        label=_("Nước (m³)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    confirm = forms.BooleanField(
        label=_("Tôi đã kiểm tra: số liệu bất thường này là đúng"),
        required=False,
    )

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_qs
        units = list(units_qs[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        found = re.fullmatch(r"(\d{1,2})/(\d{4})", value)
        if not found or not 1 <= int(found.group(1)) <= 12:
            raise forms.ValidationError(_("Nhập tháng dạng mm/yyyy, ví dụ 03/2024."))
        return datetime.date(int(found.group(2)), int(found.group(1)), 1)

    def clean(self):
        data = super().clean()
        if data.get("electricity_kwh") is None and data.get("water_m3") is None and not self.errors:
            raise forms.ValidationError(_("Hãy nhập ít nhất số điện hoặc số nước."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class SolarForm(forms.Form):
    installed_on = forms.DateField(
        label=_("Ngày lắp đặt"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    capacity_kwp = forms.DecimalField(
        label=_("Công suất (kWp)"),
        min_value=0.01,
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
