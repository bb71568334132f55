from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sangtao.accounts.models import SCHOOL_ROLES, Staff, User
from sangtao.core.locking import VersionedFormMixin
from sangtao.orgs.models import OrgUnit, SchoolYear
from sangtao.plans.models import PlanStatus, Task, TaskKind
from sangtao.plans.selectors import plans_for_user

from .models import ApplicationRecord, Campaign, Initiative, MemberRole
from .rubric import MAX_CRITERIA, parse_marks

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def _decimal(value) -> Decimal:
    """A number as a Vietnamese types it: "7,5" as well as "7.5"."""
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(gettext("“%(v)s” không phải là số.") % {"v": value}) from None


class CommaDecimalField(forms.CharField):
    """A decimal typed on a phone keyboard, with either separator."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        number = _decimal(value)
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(gettext("Phải lớn hơn hoặc bằng %(n)s.") % {"n": self.min_value})
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(gettext("Phải nhỏ hơn hoặc bằng %(n)s.") % {"n": self.max_value})
        return number


# ── Campaigns ──────────────────────────────────────────────────────────────────────────────────────


class CampaignForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=OrgUnit.objects.none())
    pass_mark = CommaDecimalField(label=_("Điểm đạt (trên 100)"), min_value=0, max_value=100)
    similarity_threshold = CommaDecimalField(
        label=_("Ngưỡng cảnh báo trùng lặp (0,05–1)"),
        min_value=Decimal("0.05"),
        max_value=1,
        help_text=_(
            "Hội đồng được cảnh báo khi tên và nội dung giống một sáng kiến trước đó từ mức này trở lên."
        ),
    )
    tasks = forms.ModelMultipleChoiceField(
        label=_("Nhiệm vụ kế hoạch mà đợt xét phục vụ"),
        queryset=Task.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "school_year",
            "unit",
            "description",
            "opens_on",
            "closes_on",
            "pass_mark",
            "similarity_threshold",
            "tasks",
        ]
        widgets = {
            "opens_on": DATE_WIDGET,
            "closes_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, units: list[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = SchoolYear.objects.order_by("-start")
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        if self.instance.pk:
            self.fields["unit"].disabled = True
        plans = plans_for_user(user).filter(status=PlanStatus.ISSUED)
        self.fields["tasks"].queryset = (
            Task.objects.filter(plan__in=plans).select_related("plan").order_by("plan_id", "order")
        )
        self.fields["tasks"].label_from_instance = lambda t: (
            f"{t.plan.number} — {t}"
            if t.kind == TaskKind.TASK
            else f"{t.plan.number} — {t.number}. {t.title}"
        )

    def cleaned_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("unit", "tasks")}


class CriterionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(label=_("Tiêu chí"), max_length=120)
    weight = CommaDecimalField(label=_("Trọng số"), min_value=Decimal("0.01"))
    max = CommaDecimalField(label=_("Điểm tối đa"), min_value=Decimal("0.5"))


class BaseCriterionFormSet(forms.BaseFormSet):
    def criteria(self) -> list[dict]:
        rows, used = [], set()
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            if not data:
                continue
            key = data.get("key") or f"c{len(rows) + 1}"
            while key in used:
                key = f"{key}x"
            used.add(key)
            rows.append(
                {
                    "key": key,
                    "label": data["label"],
                    "weight": _plain(data["weight"]),
                    "max": _plain(data["max"]),
                }
            )
        return rows


def _plain(number: Decimal):
    return int(number) if number == number.to_integral_value() else float(number)


CriterionFormSet = forms.formset_factory(
    CriterionForm,
    formset=BaseCriterionFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_CRITERIA,
    validate_max=True,
)


class CouncilForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Hội đồng của đơn vị"), queryset=OrgUnit.objects.none())
    name = forms.CharField(
        label=_("Tên hội đồng (để trống: tự đặt theo tên đơn vị)"), max_length=300, required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Thành viên"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name()} — {u.unit or ''}"


# ── Initiatives ────────────────────────────────────────────────────────────────────────────────────


class InitiativeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "field",
            "current_state",
            "solution",
            "novelty",
            "applied_where",
            "applied_since",
            "benefit",
            "conditions",
        ]
        widgets = {
            "applied_since": DATE_WIDGET,
            "current_state": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "novelty": forms.Textarea(attrs={"rows": 3}),
            "benefit": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "novelty": _("Điểm mới so với cách làm trước đây tại đơn vị."),
            "benefit": _("Nêu số liệu trước và sau khi áp dụng nếu có (tỷ lệ, thời gian, chi phí…)."),
            "applied_where": _("Lớp, tổ, đơn vị đã áp dụng hoặc áp dụng thử."),
        }

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def person_choices(unit: OrgUnit, actor: User) -> list[tuple[str, str]]:
    """Who can be an author: the school's staff registry, and the school's users who are not in it."""
    staff = list(
        Staff.objects.filter(unit=unit, left_on__isnull=True).select_related("user").order_by("full_name")
    )
    linked = {s.user_id for s in staff if s.user_id}
    users = list(
        User.objects.filter(
            is_active=True, role_assignments__unit=unit, role_assignments__role__in=SCHOOL_ROLES
        )
        .exclude(pk__in=linked)
        .distinct()
        .order_by("full_name")
    )
    if actor.pk not in linked and actor.pk not in {u.pk for u in users}:
        users.insert(0, actor)
    choices = [("", "—")]
    choices += [(f"u{u.pk}", u.get_full_name()) for u in users]
    choices += [
        (f"s{s.pk}", f"{s.full_name}" + (f" — {s.position or s.subject}" if s.position or s.subject else ""))
        for s in staff
    ]
    return choices


def person_value(author) -> str:
    return f"s{author.staff_id}" if author.staff_id else f"u{author.user_id}"


class AuthorForm(forms.Form):
    person = forms.ChoiceField(label=_("Tác giả"), required=False)
    share = CommaDecimalField(
        label=_("Tỷ lệ đóng góp (%)"), min_value=Decimal("0.01"), max_value=100, required=False
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("person") and data.get("share") is None:
            self.add_error("share", gettext("Hãy nhập tỷ lệ đóng góp."))
        if data.get("share") is not None and not data.get("person"):
            self.add_error("person", gettext("Hãy chọn tác giả."))
        return data


class BaseAuthorFormSet(forms.BaseFormSet):
    def __init__(self, *args, choices=(), **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self.choices}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            choices=self.choices,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        total = sum(
            (f.cleaned_data.get("share") or Decimal(0) for f in self.forms if f.cleaned_data.get("person")),
            Decimal(0),
        )
        if not any(f.cleaned_data.get("person") for f in self.forms):
            raise ValidationError(gettext("Sáng kiến phải có ít nhất một tác giả."))
        if total != 100:
            raise ValidationError(
                gettext("Tổng tỷ lệ đóng góp của các tác giả phải bằng 100%% (hiện là %(t)s%%).")
                % {"t": f"{total.normalize():f}".replace(".", ",")}
            )

    def specs(self) -> list[dict]:
        staff_ids = [
            int(f.cleaned_data["person"][1:])
            for f in self.forms
            if f.cleaned_data.get("person", "").startswith("s")
        ]
        user_ids = [
            int(f.cleaned_data["person"][1:])
            for f in self.forms
            if f.cleaned_data.get("person", "").startswith("u")
        ]
        staff = Staff.objects.select_related("user", "unit").in_bulk(staff_ids)
        users = User.objects.select_related("unit").in_bulk(user_ids)
        specs = []
        for f in self.forms:
            person = f.cleaned_data.get("person")
            if not person:
                continue
            pk = int(person[1:])
            if person.startswith("s") and pk in staff:
                specs.append({"staff": staff[pk], "user": staff[pk].user, "share": f.cleaned_data["share"]})
            elif person.startswith("u") and pk in users:
                specs.append({"user": users[pk], "share": f.cleaned_data["share"]})
        return specs


AuthorFormSet = forms.formset_factory(
    AuthorForm, formset=BaseAuthorFormSet, extra=2, min_num=1, max_num=10, validate_max=True
)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Tên tệp"), max_length=255, required=False)
    file = forms.FileField(label=_("Tệp"), help_text=_("PDF, ảnh, Word, Excel, PowerPoint; tối đa 20 MB."))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ── Scoring ────────────────────────────────────────────────────────────────────────────────────────


class ScoreForm(forms.Form):
    """One field per criterion of the review's rubric: big, numeric, phone-friendly."""

    comment = forms.CharField(
        label=_("Nhận xét"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for c in criteria:
            fields[f"c_{c['key']}"] = forms.CharField(
                label=gettext(c["label"]),
                help_text=_("Từ 0 đến %(max)s điểm (lẻ đến 0,5); trọng số %(w)s.")
                % {"max": c["max"], "w": c["weight"]},
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", "class": "score-input"}
                ),
            )
        self.fields = {**fields, **self.fields}

    def clean(self):
        data = super().clean()
        raw = {c["key"]: data.get(f"c_{c['key']}") for c in self.criteria}
        try:
            data["values"] = parse_marks(self.criteria, raw)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                self.add_error(f"c_{key}", messages)
        return data


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Kết luận của hội đồng"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Khi không đạt, hệ thống tự ghi điểm so với điểm đạt; thêm lý do nếu cần."),
    )


# ── Decisions and the library ──────────────────────────────────────────────────────────────────────


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số/ký hiệu"), max_length=60)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Địa danh"), max_length=80)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Sáng kiến được công nhận"),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = candidates
        self.fields["initiatives"].label_from_instance = lambda i: f"{i.title} — {i.unit.display_short}"


class ApplicationForm(forms.ModelForm):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị áp dụng"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Để trống nếu tác giả tự áp dụng ở nơi khác."),
    )

    class Meta:
        model = ApplicationRecord
        fields = ["unit", "place", "since", "description"]
        widgets = {"since": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["place"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("unit"):
            self.add_error("place", gettext("Hãy ghi nơi áp dụng hoặc chọn đơn vị."))
        return data
