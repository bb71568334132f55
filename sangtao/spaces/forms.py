from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import OrgUnit

from .models import Frequency, ModelArea, SpaceKind

DATE_INPUT = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}}
DATE_FORMATS = ["%d/%m/%Y"]
PHOTO_WIDGET = forms.ClearableFileInput(
    attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
)


class _SchoolForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Trường"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, units_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units_qs is None:
            # Editing: the record stays with its school.
            del self.fields["unit"]
            return
        self.fields["unit"].queryset = units_qs
        units = list(units_qs[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]


class SpaceForm(_SchoolForm):
    kind = forms.ChoiceField(label=_("Loại không gian"), choices=SpaceKind.choices)
    name = forms.CharField(label=_("Tên không gian"), max_length=255)
    area_m2 = forms.DecimalField(
        label=_("Diện tích (m²)"),
        required=False,
        min_value=0.1,
        max_digits=7,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )
    opened_on = forms.DateField(
        label=_("Đưa vào sử dụng từ"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    users = forms.CharField(
        label=_("Đối tượng sử dụng"),
        max_length=255,
        help_text=_("Ví dụ: học sinh khối 6–9, câu lạc bộ Robotics, giáo viên."),
    )
    equipment = forms.CharField(
        label=_("Trang thiết bị chính"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Mô tả hoạt động"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SpaceCreateForm(SpaceForm):
    photo = forms.FileField(
        label=_("Ảnh (không bắt buộc)"),
        required=False,
        widget=PHOTO_WIDGET,
        help_text=_("Ảnh JPG, PNG hoặc WebP; chụp trực tiếp bằng điện thoại. Tránh ảnh rõ mặt học sinh."),
    )
    caption = forms.CharField(label=_("Chú thích ảnh"), max_length=255, required=False)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Ảnh"),
        widget=PHOTO_WIDGET,
        help_text=_("Ảnh JPG, PNG hoặc WebP; chụp trực tiếp bằng điện thoại. Tránh ảnh rõ mặt học sinh."),
    )
    caption = forms.CharField(label=_("Chú thích ảnh"), max_length=255, required=False)


class TechModelForm(_SchoolForm):
    name = forms.CharField(label=_("Tên mô hình"), max_length=255)
    area = forms.ChoiceField(label=_("Lĩnh vực áp dụng"), choices=ModelArea.choices)
    description = forms.CharField(
        label=_("Mô hình là gì, áp dụng thế nào"), widget=forms.Textarea(attrs={"rows": 4})
    )
    since = forms.DateField(
        label=_("Áp dụng từ"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    users = forms.CharField(
        label=_("Đối tượng sử dụng"),
        max_length=255,
        help_text=_("Ví dụ: toàn bộ giáo viên, bộ phận văn phòng, học sinh khối 9."),
    )
    frequency = forms.ChoiceField(label=_("Mức độ sử dụng"), choices=Frequency.choices)
    evidence_url = forms.URLField(
        label=_("Đường dẫn minh chứng"), required=False, assume_scheme="https", max_length=500
    )
    evidence = forms.FileField(
        label=_("Tệp minh chứng (không bắt buộc)"),
        required=False,
        help_text=_("PDF, Word, ảnh; tối đa 20 MB."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả xem xét"),
        choices=[("accept", _("Ghi nhận")), ("needs_work", _("Yêu cầu bổ sung"))],
        widget=forms.RadioSelect,
        initial="accept",
    )
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
