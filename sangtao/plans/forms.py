from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sangtao.core.locking import VersionedFormMixin
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitKind

from .indicators import source_choices
from .models import (
    EvidenceKind,
    Indicator,
    Plan,
    PlanRecipient,
    ReportingPeriod,
    SchoolActivity,
    Task,
    TaskKind,
)

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class PlanForm(forms.ModelForm):
    bases_text = forms.CharField(
        label=_("Căn cứ (mỗi dòng một căn cứ)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Plan
        fields = ["number", "issued_on", "place", "title", "year", "preamble", "closing", "signer_name",
                  "signer_title", "document"]
        widgets = {"issued_on": DATE_WIDGET, "preamble": forms.Textarea(attrs={"rows": 3}),
                   "closing": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["bases_text"].initial = "\n".join(b.text for b in self.instance.bases.all())

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "size") and not getattr(document, "_committed", False):
            try:
                validate_upload(document, allowed={"pdf", "docx", "doc", "odt"})
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return document

    def cleaned_data_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def bases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("bases_text", "").splitlines() if line.strip()]


class TaskForm(VersionedFormMixin, forms.ModelForm):
    rule_levels = forms.MultipleChoiceField(
        label=_("Áp dụng cho mọi trường cấp"), choices=SchoolLevel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mọi trường (và đơn vị trực thuộc) thuộc các cấp được chọn sẽ nhận nhiệm vụ."),
    )

    class Meta:
        model = Task
        fields = ["parent", "kind", "number", "title", "description", "lead_unit", "partner_units",
                  "implementing_units", "start", "end", "expected_output", "order"]
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 4}),
                   "expected_output": forms.Textarea(attrs={"rows": 2}),
                   "partner_units": forms.SelectMultiple(attrs={"size": 5}),
                   "implementing_units": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        root = plan.issuing_unit
        below = OrgUnit.objects.active().filter(path__startswith=root.path)
        top = root.parent.path if root.parent_id else root.path
        near = OrgUnit.objects.active().filter(path__startswith=top)
        self.fields["parent"].queryset = plan.tasks.filter(kind=TaskKind.SECTION).exclude(pk=self.instance.pk or 0)
        self.fields["lead_unit"].queryset = below.filter(kind__in=[UnitKind.TEAM, UnitKind.AUTHORITY])
        self.fields["partner_units"].queryset = near.filter(kind__in=[UnitKind.PARTNER, UnitKind.TEAM])
        self.fields["implementing_units"].queryset = below.schools()
        self.fields["implementing_units"].required = False
        self.fields["rule_levels"].initial = (self.instance.implementing_rule or {}).get("levels", [])

    def clean(self):
        data = super().clean()
        levels = data.get("rule_levels") or []
        self.instance.implementing_rule = {"kinds": ["school", "affiliated"], "levels": levels} if levels else {}
        return data


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "task", "unit_of_measure", "measure", "baseline", "target", "direction", "source",
                  "source_key", "order"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["task"].queryset = plan.tasks.all()
        self.fields["source_key"] = forms.ChoiceField(label=_("Nguồn tính toán"), choices=source_choices(),
                                                      required=False)


class ReportingPeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "kind", "start", "end", "due"]
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET, "due": DATE_WIDGET}


class ProgressForm(VersionedFormMixin, forms.Form):
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    report_text = forms.CharField(label=_("Báo cáo kết quả thực hiện"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại minh chứng"), choices=[(EvidenceKind.FILE, EvidenceKind.FILE.label),
                                                                   (EvidenceKind.LINK, EvidenceKind.LINK.label)])
    title = forms.CharField(label=_("Tiêu đề"), max_length=255, required=False)
    file = forms.FileField(label=_("Tệp"), required=False,
                           help_text=_("PDF, ảnh, Word, Excel, PowerPoint; tối đa 20 MB."))
    url = forms.URLField(label=_("Đường dẫn"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("kind") == EvidenceKind.FILE and not data.get("file"):
            self.add_error("file", _("Hãy chọn tệp minh chứng."))
        if data.get("kind") == EvidenceKind.LINK and not data.get("url"):
            self.add_error("url", _("Hãy nhập đường dẫn."))
        return data


class ActivityForm(forms.ModelForm):
    class Meta:
        model = SchoolActivity
        fields = ["title", "planned_on", "done_on", "person_in_charge", "note"]
        widgets = {"planned_on": DATE_WIDGET, "done_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2})}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Nhận xét (không bắt buộc)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class CloneForm(forms.Form):
    year = forms.IntegerField(label=_("Năm của kế hoạch mới"), min_value=2000, max_value=2100)
    number = forms.CharField(label=_("Số/ký hiệu (có thể để trống)"), required=False, max_length=60)


class IndicatorValueForm(forms.Form):
    value = forms.DecimalField(label=_("Giá trị"), min_value=0, max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class PeriodReportForm(forms.Form):
    summary = forms.CharField(label=_("Tóm tắt kết quả trong kỳ"), widget=forms.Textarea(attrs={"rows": 6}))


class RecipientForm(forms.ModelForm):
    class Meta:
        model = PlanRecipient
        fields = ["label", "purpose", "unit", "order"]


RecipientFormSet = forms.inlineformset_factory(
    Plan, PlanRecipient, form=RecipientForm, extra=2, can_delete=True
)
