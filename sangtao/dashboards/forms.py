"""The dashboards' filters: a reporting period of the plan and a school level, kept in the URL."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import SchoolLevel

from .selectors import LEVELS, Filters


class DashboardFilterForm(forms.Form):
    period = forms.TypedChoiceField(
        label=_("Số liệu đến"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Kỳ báo cáo không thuộc kế hoạch này.")},
    )
    level = forms.ChoiceField(
        label=_("Cấp học"),
        required=False,
        error_messages={"invalid_choice": _("Cấp học không hợp lệ.")},
    )

    def __init__(self, *args, periods, with_level: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.pk: p for p in periods}
        self.fields["period"].choices = [("", _("Hôm nay"))] + [
            (p.pk, f"{p.name} ({p.end:%d/%m/%Y})") for p in periods
        ]
        self.fields["level"].choices = [("", _("Mọi cấp học"))] + [(lv.value, lv.label) for lv in LEVELS]
        if not with_level:
            del self.fields["level"]

    def filters(self) -> Filters:
        """The filters chosen; a wrong value is dropped (the form then carries its message)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        level = data.get("level") or ""
        return Filters(
            period=self.periods.get(data.get("period")), level=level if level in SchoolLevel.values else ""
        )


class ReportingFilterForm(DashboardFilterForm):
    """On the reporting-rate page the period picks which period's schools are listed (default: the latest
    period already due)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].label = _("Kỳ báo cáo")
        self.fields["period"].choices = [("", _("Kỳ gần nhất đã đến hạn"))] + [
            (pk, p.name) for pk, p in self.periods.items()
        ]
