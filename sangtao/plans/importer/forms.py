from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import OrgUnit, SchoolLevel

from ..forms import DATE_WIDGET
from ..models import Measure, RecipientPurpose, TaskKind
from .draft import split_sentences

DATE_FIELD = {"required": False, "widget": DATE_WIDGET, "input_formats": ["%d/%m/%Y", "%Y-%m-%d"]}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StartForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Tệp kế hoạch (.docx)"),
        required=False,
        help_text=_("Bản Word của kế hoạch (.docx) hoặc tệp văn bản (.txt); tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Chép toàn bộ văn bản, từ tên cơ quan ở đầu đến phần “Nơi nhận”."),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = OrgUnit.objects.filter(pk__in=[o.pk for o in offices]).order_by(
            "path"
        )
        if len(offices) == 1:
            self.fields["office"].initial = offices[0].pk
            self.fields["office"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Hãy chọn tệp .docx của kế hoạch hoặc dán nội dung văn bản."))
        return data


class HeaderForm(VersionForm):
    number = forms.CharField(label=_("Số/ký hiệu"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), **DATE_FIELD)
    place = forms.CharField(label=_("Địa danh"), max_length=80, required=False)
    title = forms.CharField(
        label=_("Trích yếu"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    bases_text = forms.CharField(
        label=_("Căn cứ (mỗi dòng một căn cứ)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    preamble = forms.CharField(
        label=_("Lời mở đầu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    closing = forms.CharField(label=_("Lời kết"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    default_start = forms.DateField(
        label=_("Ngày bắt đầu mặc định của nhiệm vụ"),
        **DATE_FIELD,
        help_text=_("Dùng cho nhiệm vụ mà văn bản không ghi thời gian."),
    )
    default_end = forms.DateField(label=_("Hạn hoàn thành mặc định của nhiệm vụ"), **DATE_FIELD)

    @classmethod
    def initial_from(cls, proposal: dict, version: int) -> dict:
        header = proposal["header"]
        return {
            **{
                k: header.get(k)
                for k in (
                    "number",
                    "issued_on",
                    "place",
                    "title",
                    "year",
                    "preamble",
                    "closing",
                    "signer_name",
                    "signer_title",
                    "default_start",
                    "default_end",
                )
            },
            "bases_text": "\n".join(b["text"] for b in proposal["bases"]),
            "version": version,
        }

    def bases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("bases_text", "").splitlines() if line.strip()]

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("bases_text")
        data.pop("version")
        return data


class NodeForm(VersionForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=TaskKind.choices)
    label = forms.CharField(
        label=_("Số thứ tự của mục"),
        max_length=20,
        required=False,
        help_text=_("Để trống để đánh số theo vị trí."),
    )
    title = forms.CharField(label=_("Tên"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    lead = forms.TypedChoiceField(label=_("Đơn vị chủ trì"), required=False, coerce=int, empty_value=None)
    partners = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, coerce=int, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    levels = forms.MultipleChoiceField(
        label=_("Giao cho mọi trường (và đơn vị trực thuộc) cấp"),
        choices=SchoolLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống nếu là nhiệm vụ riêng của cơ quan (không giao cho trường)."),
    )
    implementing = forms.TypedMultipleChoiceField(
        label=_("Giao thêm cho các đơn vị"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    start = forms.DateField(label=_("Bắt đầu"), **DATE_FIELD)
    end = forms.DateField(label=_("Hạn hoàn thành"), **DATE_FIELD)
    expected_output = forms.CharField(
        label=_("Sản phẩm dự kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "—")] + choices["leads"]
        self.fields["partners"].choices = choices["partners"]
        self.fields["implementing"].choices = choices["schools"]

    @classmethod
    def initial_from(cls, node: dict, version: int) -> dict:
        return {
            "kind": node["kind"],
            "label": "" if node.get("auto") else node["label"],
            "title": node["title"],
            "description": node["description"],
            "lead": node["lead"],
            "partners": node["partners"],
            "implementing": node["implementing"],
            "levels": node["levels"] or [],
            "start": node["start"],
            "end": node["end"],
            "expected_output": node.get("expected_output", ""),
            "version": version,
        }

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Hạn hoàn thành phải sau ngày bắt đầu."))
        return data


class SplitForm(VersionForm):
    at = forms.TypedChoiceField(
        label=_("Tách thành nhiệm vụ mới từ câu"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, node: dict, **kwargs):
        super().__init__(*args, **kwargs)
        sentences = split_sentences(node["description"])
        self.fields["at"].choices = [(i, s) for i, s in enumerate(sentences) if i > 0]


class RecipientsForm(VersionForm):
    """One row of fields per line of "Nơi nhận" (keep, label, purpose, unit), plus one empty row to add."""

    def __init__(self, *args, recipients: list[dict], unit_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.row_ids = [r["id"] for r in recipients] + ["new"]
        initial = {r["id"]: r for r in recipients}
        for rid in self.row_ids:
            row = initial.get(rid, {})
            self.fields[f"{rid}-keep"] = forms.BooleanField(
                label=_("Giữ"), required=False, initial=rid != "new"
            )
            self.fields[f"{rid}-label"] = forms.CharField(
                label=_("Nơi nhận"), max_length=255, required=False, initial=row.get("label", "")
            )
            self.fields[f"{rid}-purpose"] = forms.ChoiceField(
                label=_("Mục đích"),
                choices=RecipientPurpose.choices,
                initial=row.get("purpose", RecipientPurpose.REPORT),
            )
            self.fields[f"{rid}-unit"] = forms.TypedChoiceField(
                label=_("Đơn vị trong hệ thống"),
                choices=[("", "—")] + unit_choices,
                required=False,
                coerce=int,
                empty_value=None,
                initial=row.get("unit"),
            )

    def rows(self):
        return [
            {
                "id": rid,
                "keep": self[f"{rid}-keep"],
                "label": self[f"{rid}-label"],
                "purpose": self[f"{rid}-purpose"],
                "unit": self[f"{rid}-unit"],
            }
            for rid in self.row_ids
        ]

    def cleaned_rows(self) -> list[dict]:
        out = []
        for rid in self.row_ids:
            label = self.cleaned_data.get(f"{rid}-label", "")
            keep = self.cleaned_data.get(f"{rid}-keep") or (rid == "new" and bool(label.strip()))
            out.append(
                {
                    "id": None if rid == "new" else rid,
                    "keep": keep,
                    "label": label,
                    "purpose": self.cleaned_data.get(f"{rid}-purpose"),
                    "unit": self.cleaned_data.get(f"{rid}-unit"),
                }
            )
        return out


class IndicatorsForm(VersionForm):
    def __init__(self, *args, indicators: list[dict], node_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.ids = [i["id"] for i in indicators]
        for ind in indicators:
            iid = ind["id"]
            self.fields[f"{iid}-accepted"] = forms.BooleanField(
                label=_("Giữ chỉ tiêu"), required=False, initial=ind.get("accepted")
            )
            self.fields[f"{iid}-name"] = forms.CharField(
                label=_("Tên chỉ tiêu"), max_length=300, required=False, initial=ind["name"]
            )
            self.fields[f"{iid}-target"] = forms.CharField(
                label=_("Chỉ tiêu"), max_length=20, required=False, initial=ind.get("target") or ""
            )
            self.fields[f"{iid}-measure"] = forms.ChoiceField(
                label=_("Cách đo"), choices=Measure.choices, initial=ind["measure"]
            )
            self.fields[f"{iid}-unit_of_measure"] = forms.CharField(
                label=_("Đơn vị tính"), max_length=40, required=False, initial=ind["unit_of_measure"]
            )
            self.fields[f"{iid}-node"] = forms.ChoiceField(
                label=_("Nhiệm vụ"),
                required=False,
                choices=[("", _("(cả kế hoạch)"))] + node_choices,
                initial=ind.get("node") or "",
            )
            self.fields[f"{iid}-levels"] = forms.MultipleChoiceField(
                label=_("Cấp học"),
                choices=SchoolLevel.choices,
                required=False,
                initial=ind.get("levels") or [],
                widget=forms.CheckboxSelectMultiple,
            )

    def rows(self):
        names = ("accepted", "name", "target", "measure", "unit_of_measure", "node", "levels")
        return [{"id": iid, **{n: self[f"{iid}-{n}"] for n in names}} for iid in self.ids]

    def cleaned_rows(self) -> list[dict]:
        names = ("accepted", "name", "target", "measure", "unit_of_measure", "node", "levels")
        return [{"id": iid, **{n: self.cleaned_data.get(f"{iid}-{n}") for n in names}} for iid in self.ids]


class ActionForm(VersionForm):
    action = forms.CharField(max_length=20)


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy (không bắt buộc)"), required=False, max_length=500)
