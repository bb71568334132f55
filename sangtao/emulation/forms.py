import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import SchoolLevel
from sangtao.plans.indicators import stat_sources
from sangtao.plans.models import Plan, Task, TaskKind

from .models import Criterion, CriterionKind, ItemState, RuleKind, Scheme, format_number


def _decimal(value) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(gettext("“%(v)s” không phải là số.") % {"v": value}) from None
    if not number.is_finite():
        raise ValidationError(gettext("“%(v)s” không phải là số.") % {"v": value})
    return number


class CommaDecimalField(forms.CharField):
    """A decimal typed on a phone keyboard, with either separator ("7,5" or "7.5")."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        number = _decimal(value)
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(
                gettext("Phải lớn hơn hoặc bằng %(n)s.") % {"n": format_number(self.min_value)}
            )
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(
                gettext("Phải nhỏ hơn hoặc bằng %(n)s.") % {"n": format_number(self.max_value)}
            )
        return number


LEVEL_CHOICES = [(v, label) for v, label in SchoolLevel.choices]


class SchemeForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch (năm)"), queryset=Plan.objects.none())
    group_name = forms.CharField(
        label=_("Khối thi đua"), max_length=120, help_text=_("Ví dụ: Khối Trung học cơ sở.")
    )
    levels = forms.MultipleChoiceField(
        label=_("Cấp học trong khối"), choices=LEVEL_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    task = forms.ModelChoiceField(
        label=_("Nhiệm vụ kế hoạch"),
        queryset=Task.objects.none(),
        required=False,
        help_text=_(
            "Nhiệm vụ mà bảng điểm phục vụ, ví dụ III.1.3: đưa KH, CN và ĐMST vào chấm điểm thi đua."
        ),
    )
    order = forms.IntegerField(
        label=_("Thứ tự hiển thị"), min_value=0, max_value=999, initial=0, required=False
    )
    description = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, plans=None, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        tasks = (
            Task.objects.filter(kind=TaskKind.TASK).select_related("plan").order_by("plan_id", "order", "pk")
        )
        if plans is None:
            del self.fields["plan"]
            self.fields["task"].queryset = tasks.filter(plan=scheme.plan)
        else:
            self.fields["plan"].queryset = plans
            self.fields["task"].queryset = tasks.filter(plan__in=plans)
            self.fields["task"].label_from_instance = lambda t: f"{t.plan.number} — {t}"

    def clean(self):
        data = super().clean()
        plan, task = data.get("plan"), data.get("task")
        if plan is not None and task is not None and task.plan_id != plan.pk:
            self.add_error("task", gettext("Nhiệm vụ phải thuộc kế hoạch đã chọn."))
        return data


class CopyForm(forms.Form):
    schemes = forms.ModelMultipleChoiceField(
        label=_("Bảng điểm cần sao chép"), queryset=Scheme.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    plan = forms.ModelChoiceField(label=_("Sao chép sang kế hoạch"), queryset=Plan.objects.none())

    def __init__(self, *args, schemes, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schemes"].queryset = schemes
        self.fields["schemes"].label_from_instance = lambda s: (
            f"{s.group_name} — {s.school_year} ({s.plan.number})"
        )
        self.fields["plan"].queryset = plans


STEP_SPLIT = re.compile(r"[;\n]+")
STEP_PAIR = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(?::|=|→|->)\s*([0-9]+(?:[.,][0-9]+)?)\s*$")


def parse_steps(text: str) -> list[list[str]]:
    """ "1: 5; 3: 10" → [["1", "5"], ["3", "10"]] (threshold, points), as stored in Criterion.steps."""
    steps = []
    for part in STEP_SPLIT.split(text or ""):
        if not part.strip():
            continue
        match = STEP_PAIR.match(part)
        if not match:
            raise ValidationError(
                gettext("Không hiểu mức “%(p)s”: hãy viết theo dạng ngưỡng: điểm, ví dụ 1: 5; 3: 10.")
                % {"p": part.strip()}
            )
        steps.append([str(_decimal(match.group(1))), str(_decimal(match.group(2)))])
    return steps


def steps_text(steps) -> str:
    return "; ".join(
        f"{format_number(Decimal(str(t)))}: {format_number(Decimal(str(p)))}" for t, p in steps or []
    )


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=12, help_text=_("Ví dụ: TC1."))
    group = forms.CharField(label=_("Nhóm tiêu chí"), max_length=120, required=False)
    name = forms.CharField(label=_("Tên tiêu chí"), max_length=300)
    description = forms.CharField(
        label=_("Hướng dẫn chấm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("Cách chấm"), choices=CriterionKind.choices, widget=forms.RadioSelect)
    source_key = forms.ChoiceField(label=_("Nguồn dữ liệu"), required=False)
    rule = forms.ChoiceField(
        label=_("Quy tắc tính điểm"), required=False, choices=[("", "—"), *RuleKind.choices]
    )
    steps = forms.CharField(
        label=_("Các mức"),
        required=False,
        help_text=_(
            "Theo mức: “ngưỡng: điểm”, cách nhau bởi dấu chấm phẩy. Ví dụ 1: 5; 3: 10 — đạt từ 1 được 5 điểm, "
            "từ 3 được 10 điểm. Với chỉ tiêu tỷ lệ (đạt/chưa đạt), giá trị 1 là đạt."
        ),
    )
    cap = CommaDecimalField(
        label=_("Mức trần"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_("Tỷ lệ thuận: giá trị đạt mức trần trở lên được điểm tối đa."),
    )
    max_points = CommaDecimalField(
        label=_("Điểm tối đa"), min_value=Decimal("0.01"), max_value=Decimal("1000")
    )
    weight = CommaDecimalField(
        label=_("Hệ số"),
        min_value=Decimal("0.01"),
        max_value=Decimal("10"),
        initial="1",
        help_text=_("Điểm của tiêu chí nhân hệ số khi cộng tổng."),
    )

    def __init__(self, *args, instance: Criterion | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": instance.code,
                "group": instance.group,
                "name": instance.name,
                "description": instance.description,
                "kind": instance.kind,
                "source_key": instance.source_key,
                "rule": instance.rule,
                "steps": steps_text(instance.steps),
                "cap": instance.cap,
                "max_points": instance.max_points,
                "weight": instance.weight,
            }
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(key, f"{src.name} ({key})") for key, src in sorted(stat_sources().items())]
        current = instance.source_key if instance is not None else ""
        if current and current not in stat_sources():
            # Keep a key that is no longer declared visible, so that editing the criterion does not hide it.
            choices.append((current, gettext("%(k)s — nguồn dữ liệu không còn") % {"k": current}))
        self.fields["source_key"].choices = choices

    def clean_steps(self):
        return parse_steps(self.cleaned_data.get("steps", ""))

    def clean(self):
        data = super().clean()
        if data.get("kind") == CriterionKind.COMPUTED:
            if not data.get("source_key"):
                self.add_error("source_key", gettext("Tiêu chí tính từ dữ liệu phải chọn nguồn dữ liệu."))
            if data.get("rule") == RuleKind.LINEAR and data.get("cap") is None:
                self.add_error("cap", gettext("Hãy nhập mức trần."))
            if data.get("rule") == RuleKind.STEPS and not data.get("steps") and "steps" not in self.errors:
                self.add_error("steps", gettext("Hãy nhập ít nhất một mức."))
            if not data.get("rule"):
                self.add_error("rule", gettext("Hãy chọn quy tắc tính điểm."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở khóa"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ManualScoresForm(forms.Form):
    """Hand scores of one criterion for every school of the khối: a number and a comment per school."""

    def __init__(self, *args, units, criterion: Criterion, items: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        self.items = items
        for unit in self.units:
            item = items.get(unit.pk)
            scored = item is not None and item.state == ItemState.HAND_SCORED
            self.fields[f"points_{unit.pk}"] = CommaDecimalField(
                label=unit.name,
                required=False,
                min_value=Decimal(0),
                max_value=criterion.max_points,
                initial=item.points if scored else None,
            )
            self.fields[f"comment_{unit.pk}"] = forms.CharField(
                label=_("Nhận xét"),
                required=False,
                max_length=1000,
                initial=item.comment if item is not None else "",
            )

    def rows(self):
        return [
            (unit, self[f"points_{unit.pk}"], self[f"comment_{unit.pk}"], self.items.get(unit.pk))
            for unit in self.units
        ]

    def entries(self):
        data = self.cleaned_data
        return [
            (unit, data.get(f"points_{unit.pk}"), data.get(f"comment_{unit.pk}", "")) for unit in self.units
        ]
