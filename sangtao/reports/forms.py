from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans.models import Plan, ReportingPeriod

from .models import Report

DATE_INPUT = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}}
DATE_FORMATS = ["%d/%m/%Y"]
LEVELS = [lv for lv in SchoolLevel.choices if lv[0] in (SchoolLevel.MN, SchoolLevel.TH, SchoolLevel.THCS)]


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.number} — {obj.name}"


class ReportCreateForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.none())
    period = PeriodChoiceField(label=_("Kỳ báo cáo"), queryset=ReportingPeriod.objects.none())
    unit = forms.ModelChoiceField(label=_("Đơn vị báo cáo"), queryset=OrgUnit.objects.none())
    level = forms.ChoiceField(
        label=_("Cấp học"),
        choices=[("", _("Mọi cấp học")), *LEVELS],
        required=False,
        help_text=_("Chỉ khi báo cáo của Phòng về một cấp học; báo cáo của trường để trống."),
    )

    def __init__(self, *args, plans, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["period"].queryset = (
            ReportingPeriod.objects.filter(plan__in=plans).select_related("plan").order_by("plan_id", "due")
        )
        self.fields["unit"].queryset = units


class ReportEditForm(forms.ModelForm):
    signed_on = forms.DateField(
        label=_("Ngày báo cáo"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )

    class Meta:
        model = Report
        fields = [
            "number",
            "place",
            "signed_on",
            "title",
            "signer_title",
            "signer_name",
            "recipients",
            "strengths",
            "limits",
            "causes",
            "directions",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "strengths": forms.Textarea(attrs={"rows": 6}),
            "limits": forms.Textarea(attrs={"rows": 6}),
            "causes": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "strengths": _("Mỗi dòng là một đoạn trong văn bản."),
            "limits": _("Mỗi dòng là một đoạn trong văn bản."),
            "causes": _("Mỗi dòng là một đoạn trong văn bản."),
            "directions": _("Mỗi dòng là một đoạn trong văn bản."),
        }
