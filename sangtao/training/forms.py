from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sangtao.core import widgets
from sangtao.core.locking import VersionedFormMixin
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans.models import PlanStatus, Task, TaskKind
from sangtao.plans.selectors import plans_for_user

from . import permissions as tperms
from .models import COURSE_LEVELS, Course, CourseKind, CourseStatus, Session, TargetGroup, Topic
from .services import AUDIENCE_KINDS

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"})
LEVEL_CHOICES = [(level.value, level.label) for level in COURSE_LEVELS]


def _unit_label(unit):
    return unit.name


class CourseForm(VersionedFormMixin, forms.ModelForm):
    """Both pages (new and edit) of a course; the view hands `service_kwargs()` to the service."""

    topics = forms.MultipleChoiceField(
        label=_("Chủ đề"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Đối tượng"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(
        label=_("Cấp học"),
        choices=LEVEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống: mọi cấp học."),
    )
    organiser = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=OrgUnit.objects.none())
    tasks = forms.ModelMultipleChoiceField(
        label=_("Phục vụ nhiệm vụ của kế hoạch"),
        queryset=Task.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "kind",
            "topics",
            "organiser",
            "audience",
            "description",
            "mode",
            "venue",
            "credit_hours",
            "target_groups",
            "levels",
            "capacity",
            "registration_opens",
            "registration_closes",
            "completion_min_percent",
            "signer_name",
            "signer_title",
            "place",
            "tasks",
        ]
        widgets = {
            "registration_opens": DATE_WIDGET,
            "registration_closes": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = tperms.organiser_units(user)
        if self.instance.pk:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in organisers])
            self.fields["organiser"].label_from_instance = _unit_label
            if len(organisers) == 1:
                self.fields["organiser"].initial = organisers[0].pk
        self.fields["audience"].queryset = (
            OrgUnit.objects.active().filter(kind__in=AUDIENCE_KINDS).order_by("path")
        )
        self.fields["audience"].required = False
        self.fields["audience"].help_text = _(
            "Trường thuộc đơn vị này được cử người. Để trống: trường của đơn vị tổ chức (đơn vị phối hợp: của quận)."
        )
        plans = plans_for_user(user).exclude(status=PlanStatus.CLOSED)
        self.fields["tasks"].queryset = (
            Task.objects.filter(plan__in=plans, kind=TaskKind.TASK)
            .select_related("plan")
            .order_by("plan_id", "order")
        )
        self.fields["tasks"].label_from_instance = lambda t: f"{t.plan.number} · {t}"

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data.pop("organiser", None)
        return data


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "start_time", "end_time", "place", "topic"]
        widgets = {"date": DATE_WIDGET, "start_time": TIME_WIDGET, "end_time": TIME_WIDGET}


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=255, required=False)
    file = forms.FileField(label=_("Tệp"), help_text=_("PDF, Word, PowerPoint, Excel, ảnh; tối đa 20 MB."))


class QuotaForm(forms.Form):
    school = forms.ModelChoiceField(label=_("Trường"), queryset=OrgUnit.objects.none())
    places = forms.IntegerField(
        label=_("Số chỗ"), min_value=0, max_value=1000, help_text=_("Nhập 0 để bỏ chỉ tiêu của trường.")
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        schools = OrgUnit.objects.active().schools().filter(path__startswith=course.audience.path)
        if course.levels:
            schools = schools.filter(level__in=course.levels)
        self.fields["school"].queryset = schools.order_by("level", "name")
        self.fields["school"].label_from_instance = lambda u: f"{u.name} ({u.level})"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            validate_upload(uploaded, allowed={"xlsx"})
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return uploaded


class CourseFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Chủ đề"), required=False, choices=[("", _("Tất cả"))] + Topic.choices)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + CourseStatus.choices
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + CourseKind.choices
    )
    organiser = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("Tất cả"),
        widget=widgets.Select,  # hundreds of organisers in a city: no template per option
    )

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        self.fields["organiser"].label_from_instance = _unit_label

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["organiser"] = data["organiser"].pk if data.get("organiser") else None
        return data


class CoverageFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm học"), coerce=int, required=False)
    topic = forms.ChoiceField(label=_("Chủ đề"), required=False)
    level = forms.ChoiceField(label=_("Cấp học"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y - 1}-{y}") for y in years]
        self.fields["topic"].choices = [
            ("", _("ĐMST, khởi nghiệp, STEM, năng lượng (chỉ tiêu)")),
            ("all", _("Mọi chủ đề")),
            *Topic.choices,
        ]
        self.fields["level"].choices = [("", _("Tất cả"))] + [
            (v, label) for v, label in SchoolLevel.choices if v in [str(x) for x in COURSE_LEVELS]
        ]


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Mã giấy chứng nhận"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
