from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sangtao.accounts.models import Staff, Student
from sangtao.core.locking import VersionedFormMixin
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit, SchoolLevel

from .models import (
    IMAGE_EXTENSIONS,
    ActivityKind,
    ActivityRule,
    Club,
    ClubMember,
    ClubStatus,
    ClubType,
    MemberRole,
)

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _person_choices(staff: list[Staff], students: list[Student]):
    choices = []
    if staff:
        choices.append((_("Cán bộ, giáo viên, nhân viên"), [(f"t{s.pk}", s.full_name) for s in staff]))
    by_class: dict[str, list] = {}
    for s in students:
        by_class.setdefault(s.class_name, []).append((f"s{s.pk}", s.full_name))
    for class_name, rows in by_class.items():
        choices.append((_("Học sinh lớp %(c)s") % {"c": class_name}, rows))
    return choices


class PeopleMixin:
    """A checkbox list of the school's staff ("t<id>") and students ("s<id>")."""

    def _people_field(self, staff, students, *, label, required):
        self._people = {f"t{s.pk}": s for s in staff} | {f"s{s.pk}": s for s in students}
        self.fields["people"] = forms.MultipleChoiceField(
            label=label,
            required=required,
            widget=forms.CheckboxSelectMultiple,
            choices=_person_choices(staff, students),
        )

    def chosen_people(self) -> list:
        return [self._people[key] for key in self.cleaned_data.get("people", []) if key in self._people]


class ClubForm(VersionedFormMixin, PeopleMixin, forms.ModelForm):
    class Meta:
        model = Club
        fields = [
            "name",
            "club_type",
            "decision_number",
            "decision_date",
            "decision_file",
            "advisers",
            "meeting_schedule",
            "description",
        ]
        widgets = {
            "decision_date": DATE_WIDGET,
            "advisers": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "meeting_schedule": _("Ví dụ: chiều thứ Năm tuần 2 và tuần 4, phòng STEM."),
            "decision_file": _("PDF, Word hoặc ảnh chụp quyết định; tối đa 20 MB."),
        }

    def __init__(self, *args, unit: OrgUnit, units: list[OrgUnit] = (), people: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["advisers"].queryset = Staff.objects.filter(unit=unit, left_on__isnull=True).order_by(
            "full_name"
        )
        self.fields["advisers"].label = _("Giáo viên phụ trách, cố vấn")
        if len(units) > 1:
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Trường"),
                queryset=OrgUnit.objects.filter(pk__in=[u.pk for u in units]),
                initial=unit.pk,
            )
            self.order_fields(["unit"])
        if people is not None:
            self._people_field(
                people["staff"], people["students"], label=_("Thành viên ban đầu"), required=False
            )

    def clean_decision_file(self):
        upload = self.cleaned_data.get("decision_file")
        if upload and not getattr(upload, "_committed", False):
            try:
                validate_upload(upload, allowed={"pdf", "docx", "doc", "odt", "png", "jpg", "jpeg"})
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return upload

    def service_fields(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("advisers", "decision_file")
        }
        upload = self.cleaned_data.get("decision_file")
        if upload is False or (upload and not getattr(upload, "_committed", False)):
            data["decision_file"] = upload
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=ClubStatus.choices)
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi tạm dừng hoặc giải thể."),
    )


class MemberForm(PeopleMixin, forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined_on = forms.DateField(label=_("Ngày tham gia"), widget=DATE_WIDGET)

    def __init__(self, *args, people: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self._people_field(people["staff"], people["students"], label=_("Chọn người"), required=True)
        self.order_fields(["people", "role", "joined_on"])


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Ngày rời câu lạc bộ"), widget=DATE_WIDGET)


class ActivityForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DATE_WIDGET)
    title = forms.CharField(label=_("Nội dung hoạt động"), max_length=255)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ActivityKind.choices, initial=ActivityKind.MEETING)
    participants = forms.IntegerField(
        label=_("Số người tham gia"),
        required=False,
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "Tổng số người tham gia, kể cả người ngoài câu lạc bộ; để trống thì lấy số thành viên được đánh dấu."
        ),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên có mặt"),
        required=False,
        queryset=ClubMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không bắt buộc."),
    )
    description = forms.CharField(
        label=_("Mô tả, kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=_("Ảnh hoạt động"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
        help_text=_("Chụp ảnh hoặc chọn từ máy; PNG, JPG, GIF, WEBP; tối đa 20 MB mỗi ảnh."),
    )
    files = MultipleFileField(
        label=_("Tệp minh chứng khác"),
        required=False,
        help_text=_("Biên bản, kế hoạch, sản phẩm: PDF, Word, Excel, PowerPoint, ảnh."),
    )

    def __init__(self, *args, members: list[ClubMember], **kwargs):
        super().__init__(*args, **kwargs)
        if members:
            field = self.fields["members"]
            field.queryset = ClubMember.objects.filter(pk__in=[m.pk for m in members])
            names = {m.pk: str(m.person) for m in members}
            field.label_from_instance = lambda m: names.get(m.pk, "")
        else:
            del self.fields["members"]

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        for photo in photos:
            try:
                validate_upload(photo, allowed=IMAGE_EXTENSIONS)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return photos

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return files


class RuleForm(forms.ModelForm):
    class Meta:
        model = ActivityRule
        fields = ["min_members", "months_required"]


class ClubFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    club_type = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + ClubType.choices
    )
    level = forms.ChoiceField(
        label=_("Cấp học"), required=False, choices=[("", _("Tất cả"))] + SchoolLevel.choices
    )
    active = forms.ChoiceField(
        label=_("Theo quy tắc"),
        required=False,
        choices=[("", _("Tất cả")), ("yes", _("Đang hoạt động")), ("no", _("Chưa đạt"))],
    )
    unit = forms.IntegerField(label=_("Trường"), required=False, min_value=1)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + ClubStatus.choices
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "club_type": data["club_type"],
            "level": data["level"],
            "active": data["active"],
            "unit_id": data["unit"],
            "status": data["status"],
        }
