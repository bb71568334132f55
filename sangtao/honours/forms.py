from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.accounts.models import Staff, Student
from sangtao.core import clock
from sangtao.orgs.models import OrgUnit

from . import refs as hrefs
from .models import HonourTitle, ProposalItem, RecipientKind, school_year_label, year_of

DATE_INPUT = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}}
DATE_FORMATS = ["%d/%m/%Y"]


def year_choices():
    current = year_of(clock.today())
    return [(y, school_year_label(y)) for y in range(current + 1, current - 5, -1)]


def people_querysets(unit: OrgUnit):
    staff = Staff.objects.filter(unit=unit, left_on__isnull=True).order_by("full_name", "id")
    # Only students whose guardians agreed to publication may be honoured by name.
    students = Student.objects.filter(unit=unit, contest_consent__publish_name=True).order_by(
        "grade", "class_name", "full_name", "id"
    )
    return staff, students


class RecipientFields(forms.Form):
    """Who is honoured and why; the unit is given by the page (the proposal's school, or one the office chose)."""

    kind = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=RecipientKind.choices,
        widget=forms.RadioSelect,
        initial=RecipientKind.INDIVIDUAL,
    )
    staff = forms.ModelChoiceField(
        label=_("Cán bộ, giáo viên, nhân viên"), queryset=Staff.objects.none(), required=False
    )
    student = forms.ModelChoiceField(
        label=_("Hoặc học sinh (đã có đồng ý công bố họ tên)"),
        queryset=Student.objects.none(),
        required=False,
    )
    collective_name = forms.CharField(
        label=_("Tên tập thể"),
        max_length=255,
        required=False,
        help_text=_(
            "Khen tập thể: để trống khi khen cả đơn vị; ghi tên tổ, nhóm khi khen một tập thể trong đơn vị."
        ),
    )
    title = forms.ChoiceField(label=_("Danh hiệu, hình thức khen thưởng"), choices=HonourTitle.choices)
    reason = forms.CharField(
        label=_("Thành tích, lý do khen thưởng"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.MultipleChoiceField(
        label=_("Minh chứng: sáng kiến, giải thưởng của đơn vị"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_refs = forms.CharField(
        label=_("Minh chứng khác (mã hồ sơ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một mã hồ sơ dạng ứng_dụng.đối_tượng:số, ví dụ emulation.score:7."),
    )

    def __init__(self, *args, unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        staff, students = people_querysets(unit)
        self.fields["staff"].queryset = staff
        self.fields["student"].queryset = students
        self.fields["evidence"].choices = hrefs.candidates_for_unit(unit)
        if not self.fields["evidence"].choices:
            del self.fields["evidence"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == RecipientKind.INDIVIDUAL:
            if bool(data.get("staff")) == bool(data.get("student")):
                raise forms.ValidationError(
                    _("Khen cá nhân: hãy chọn một cán bộ, giáo viên hoặc một học sinh.")
                )
        else:
            data["staff"] = data["student"] = None
        return data

    def recipient_data(self) -> dict:
        data = self.cleaned_data
        refs = list(data.get("evidence") or []) + [
            line.strip() for line in (data.get("other_refs") or "").splitlines() if line.strip()
        ]
        return {
            "kind": data["kind"],
            "title": data["title"],
            "reason": data["reason"],
            "collective_name": data.get("collective_name") or "",
            "staff": data.get("staff"),
            "student": data.get("student"),
            "evidence_refs": refs,
        }


class DecisionFields(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    issuer = forms.CharField(
        label=_("Người, cơ quan ký quyết định"),
        max_length=255,
        initial=_("Trưởng phòng Giáo dục và Đào tạo Quận 12"),
    )


class CommendationForm(RecipientFields, DecisionFields):
    pass


class UnitPickForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_qs


class ProposalForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Trường"), queryset=OrgUnit.objects.none())
    year = forms.TypedChoiceField(label=_("Năm học"), coerce=int, choices=[])
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_qs
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = year_of(clock.today())
        units = list(units_qs[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
        self.fields["title"].initial = _("Đề nghị khen thưởng phong trào sáng kiến, đổi mới sáng tạo")


class ApproveForm(DecisionFields):
    items = forms.ModelMultipleChoiceField(
        label=_("Các dòng được khen"),
        queryset=ProposalItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bỏ chọn dòng không được khen."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        qs = proposal.items.select_related("unit", "staff", "student").order_by("kind", "id")
        self.fields["items"].queryset = qs
        self.fields["items"].initial = list(qs.values_list("pk", flat=True))
        self.fields["items"].label_from_instance = lambda item: (
            f"{item.recipient_label()} — {item.get_title_display()}"
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(DecisionFields):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
