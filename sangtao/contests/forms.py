from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangtao.accounts.models import Staff, Student
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit, SchoolLevel, SchoolYear, UnitKind
from sangtao.plans.models import PlanStatus, Task, TaskKind

from .models import AWARD_ORDER, AwardKind, Category, Contest, Criterion, Round

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def _checked_upload(value, allowed=None):
    if value and hasattr(value, "size") and not getattr(value, "_committed", False):
        try:
            validate_upload(value, allowed=allowed)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
    return value


class ContestForm(forms.ModelForm):
    eligible_levels = forms.MultipleChoiceField(
        label=_("Cấp học được dự thi"),
        choices=[c for c in SchoolLevel.choices if c[0] != SchoolLevel.MULTI],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories_text = forms.CharField(
        label=_("Lĩnh vực dự thi (mỗi dòng một lĩnh vực)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Contest
        fields = [
            "name",
            "organiser",
            "organiser_team",
            "partners",
            "school_year",
            "description",
            "rules_file",
            "eligible_levels",
            "min_grade",
            "max_grade",
            "max_team_size",
            "entry_limit_per_school",
            "registration_opens",
            "registration_closes",
            "tasks",
        ]
        widgets = {
            "registration_opens": DATE_WIDGET,
            "registration_closes": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
            "tasks": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in organisers])
        if len(organisers) == 1:
            self.fields["organiser"].initial = organisers[0].pk
        paths = [u.path for u in organisers]
        teams = OrgUnit.objects.filter(kind=UnitKind.TEAM, parent__in=organisers)
        self.fields["organiser_team"].queryset = teams
        tops = {p.strip("/").split("/")[0] for p in paths}
        near = Q(pk__in=[])
        for top in tops:
            near |= Q(path__startswith=f"/{top}/")
        self.fields["partners"].queryset = OrgUnit.objects.active().filter(near, kind=UnitKind.PARTNER)
        self.fields["school_year"].queryset = SchoolYear.objects.all()
        self.fields["tasks"].queryset = (
            Task.objects.filter(kind=TaskKind.TASK, plan__issuing_unit__in=organisers)
            .exclude(plan__status=PlanStatus.CLOSED)
            .select_related("plan")
            .order_by("plan_id", "order")
        )
        self.fields["tasks"].label_from_instance = lambda t: f"{t.plan.number} · {t}"
        self.fields["tasks"].help_text = _("Hội thi là minh chứng của các nhiệm vụ này trong kế hoạch.")
        if self.instance.pk:
            self.fields["categories_text"].initial = "\n".join(c.name for c in self.instance.categories.all())

    def clean_rules_file(self):
        return _checked_upload(self.cleaned_data.get("rules_file"), {"pdf", "docx", "doc", "odt"})

    def categories(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("categories_text", "").splitlines() if line.strip()
        ]

    def service_fields(self) -> dict:
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("partners", "tasks")
        }
        if not data.get("rules_file"):
            data.pop("rules_file", None)
        return data


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "name",
            "order",
            "level",
            "feeds_next",
            "aggregation",
            "judges_per_entry",
            "judging_starts",
            "judging_ends",
        ]
        widgets = {"judging_starts": DATE_WIDGET, "judging_ends": DATE_WIDGET}
        help_texts = {
            "aggregation": _(
                "Chuẩn hóa z-score: điểm của mỗi giám khảo được quy về cùng thang (trừ trung bình, chia "
                "độ lệch chuẩn của chính giám khảo đó), để giám khảo chấm chặt hay chấm rộng đều được "
                "tính như nhau."
            ),
        }


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["label", "max_points", "weight", "description"]
        widgets = {
            "max_points": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 100}),
            "weight": forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
        }


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)


class QuotaForm(forms.Form):
    def __init__(self, *args, initial_counts: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for award in AWARD_ORDER:
            self.fields[award] = forms.IntegerField(
                label=AwardKind(award).label,
                min_value=0,
                max_value=99,
                initial=(initial_counts or {}).get(award, 0),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )


class EntryForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Category.objects.none())
    title = forms.CharField(label=_("Tên bài / sản phẩm dự thi"), max_length=300)
    abstract = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    link = forms.URLField(
        label=_("Đường dẫn (video, tài liệu)"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(
        label=_("Tệp hồ sơ"),
        required=False,
        help_text=_("PDF, Word, PowerPoint, ảnh hoặc tệp nén; tối đa 20 MB."),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Học sinh trong nhóm"), queryset=Student.objects.none(), required=False
    )
    mentors = forms.ModelMultipleChoiceField(
        label=_("Giáo viên hướng dẫn"),
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, contest: Contest, school: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = contest.categories.all()
        # Any student of the school: an ineligible one gets the service's clear message on submit.
        self.fields["members"].queryset = Student.objects.filter(unit=school)
        self.fields["mentors"].queryset = Staff.objects.filter(unit=school, left_on__isnull=True)

    def clean_file(self):
        return _checked_upload(self.cleaned_data.get("file"))


class JudgeForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Giám khảo"), queryset=None, help_text=_("Tài khoản có vai trò Giám khảo / Hội đồng.")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị công tác"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Để trống: đơn vị của tài khoản. Giám khảo không chấm bài của đơn vị mình."),
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực chuyên môn"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, users, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u} — {u.unit.display_short if u.unit else '—'}"
        top = contest.organiser.path.strip("/").split("/")[0]
        self.fields["unit"].queryset = OrgUnit.objects.active().filter(path__startswith=f"/{top}/")
        self.fields["expertise"].queryset = contest.categories.all()


class AssignmentForm(forms.Form):
    entry = forms.ModelChoiceField(label=_("Bài dự thi"), queryset=None)
    judge = forms.ModelChoiceField(label=_("Giám khảo"), queryset=None)

    def __init__(self, *args, entries, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["entry"].label_from_instance = lambda e: f"{e.title} — {e.school.display_short}"
        self.fields["judge"].queryset = judges
        self.fields["judge"].label_from_instance = lambda j: f"{j.user} — {j.unit.display_short}"


class ScoreForm(forms.Form):
    """One whole-number field per criterion (a phone shows the number pad), the comment, and the version the
    judge started from."""

    comment = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for criterion in criteria:
            fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.label} (0–{criterion.max_points})",
                min_value=0,
                max_value=criterion.max_points,
                help_text=criterion.description,
                error_messages={"invalid": _("Hãy nhập một số nguyên."), "required": _("Hãy nhập điểm.")},
                widget=forms.NumberInput(
                    attrs={
                        "inputmode": "numeric",
                        "pattern": "[0-9]*",
                        "min": 0,
                        "max": criterion.max_points,
                        "class": "score-input",
                    }
                ),
            )
        self.fields = {**fields, **self.fields}

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class AwardForm(forms.Form):
    award = forms.ChoiceField(
        label=_("Giải"), choices=[("", _("Không có giải"))] + list(AwardKind.choices), required=False
    )
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))


class AdvanceForm(forms.Form):
    awards = forms.MultipleChoiceField(
        label=_("Bài đạt giải được vào vòng sau"),
        choices=AwardKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[AwardKind.NHAT, AwardKind.NHI, AwardKind.BA],
    )


class ConsentForm(forms.Form):
    publish_name = forms.BooleanField(
        label=_("Cha mẹ / người giám hộ đồng ý công bố họ tên học sinh cùng kết quả"), required=False
    )
    child_agreed = forms.BooleanField(
        label=_("Học sinh (từ đủ 7 tuổi, tức từ lớp 2) cũng đồng ý"), required=False
    )
    guardian_name = forms.CharField(label=_("Họ tên cha mẹ / người giám hộ"), max_length=150, required=False)
