from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans.models import PlanStatus, Task, TaskKind
from sangtao.plans.selectors import plans_for_user

from .models import Document, EventKind

DATE_INPUT = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}}
DATE_FORMATS = ["%d/%m/%Y"]


def _tasks_field():
    return forms.ModelMultipleChoiceField(
        label=_("Phục vụ nhiệm vụ của kế hoạch"),
        queryset=Task.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Trường gắn được xác nhận, báo cáo của mình làm minh chứng cho các nhiệm vụ này."),
    )


def _task_choices(field, user):
    """Tasks of the plans the user works on (not closed), labelled with the plan's number."""
    plans = plans_for_user(user).exclude(status=PlanStatus.CLOSED)
    field.queryset = (
        Task.objects.filter(plan__in=plans, kind=TaskKind.TASK)
        .select_related("plan")
        .order_by("plan_id", "order")
    )
    field.label_from_instance = lambda t: f"{t.plan.number} · {t}"


class DocumentForm(forms.ModelForm):
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    valid_from = forms.DateField(
        label=_("Hiệu lực từ"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(**DATE_INPUT),
    )
    valid_to = forms.DateField(
        label=_("Hiệu lực đến"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(**DATE_INPUT),
    )
    file = forms.FileField(
        label=_("Tệp văn bản"), required=False, help_text=_("PDF, Word, ảnh; tối đa 20 MB.")
    )
    tasks = _tasks_field()

    class Meta:
        model = Document
        fields = [
            "number",
            "issued_on",
            "issuer",
            "kind",
            "summary",
            "file",
            "valid_from",
            "valid_to",
            "tasks",
        ]

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        _task_choices(self.fields["tasks"], user)
        if editing:
            self.fields["file"].help_text = _("Để trống: giữ tệp hiện có. PDF, Word, ảnh; tối đa 20 MB.")

    @classmethod
    def initial_from(cls, doc: Document) -> dict:
        return {
            "number": doc.number,
            "issued_on": doc.issued_on,
            "issuer": doc.issuer,
            "kind": doc.kind,
            "summary": doc.summary,
            "valid_from": doc.valid_from,
            "valid_to": doc.valid_to,
            "tasks": list(doc.tasks.values_list("pk", flat=True)),
        }


class ReasonForm(forms.Form):
    """Why a document is withdrawn, or an event or a banner campaign cancelled (kept in its history)."""

    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DistributionForm(forms.Form):
    under = forms.ModelChoiceField(
        label=_("Các trường thuộc"), queryset=OrgUnit.objects.none(), required=False
    )
    level = forms.ChoiceField(
        label=_("Cấp học"), choices=[("", _("Mọi cấp học")), *SchoolLevel.choices], required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Hoặc chọn từng trường"), queryset=OrgUnit.objects.none(), required=False
    )
    due_on = forms.DateField(
        label=_("Hạn xác nhận"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["under"].queryset = units_qs.exclude(kind__in=["school", "affiliated"])
        self.fields["units"].queryset = units_qs.schools()


class AcknowledgeForm(forms.Form):
    disseminated_at = forms.DateField(
        label=_("Ngày phổ biến"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(**DATE_INPUT),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Minh chứng (không bắt buộc)"), required=False)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Tên sự kiện"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại sự kiện"), choices=[])
    starts_on = forms.DateField(
        label=_("Ngày bắt đầu"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    ends_on = forms.DateField(
        label=_("Ngày kết thúc"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(**DATE_INPUT),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị phạm vi"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Để trống: sự kiện chung, mọi đơn vị đều thấy."),
    )
    level = forms.ChoiceField(
        label=_("Cấp học"),
        choices=[("", _("Mọi cấp học")), *SchoolLevel.choices],
        required=False,
        help_text=_("Chọn một cấp học: chỉ các trường cấp đó thấy sự kiện trong lịch của mình."),
    )
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tasks = _tasks_field()

    def __init__(self, *args, units_qs, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EventKind.choices
        self.fields["unit"].queryset = units_qs
        _task_choices(self.fields["tasks"], user)

    @classmethod
    def initial_from(cls, event) -> dict:
        return {
            "title": event.title,
            "kind": event.kind,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "unit": event.unit_id,
            "level": event.level,
            "description": event.description,
            "tasks": list(event.tasks.values_list("pk", flat=True)),
        }


class EventResponseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Trường"), queryset=OrgUnit.objects.none())
    activities = forms.CharField(
        label=_("Hoạt động đã tổ chức"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    participants = forms.IntegerField(
        label=_("Số người tham gia"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    evidence_url = forms.URLField(label=_("Đường dẫn minh chứng"), required=False, assume_scheme="https")
    article_url = forms.URLField(label=_("Đường dẫn bài viết"), required=False, assume_scheme="https")
    evidence = forms.FileField(
        label=_("Tệp minh chứng (không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_qs
        units = list(units_qs[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]


class BannerCampaignForm(forms.Form):
    theme = forms.CharField(label=_("Chủ đề"), max_length=255)
    banner_text = forms.CharField(label=_("Nội dung băng rôn"), widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(
        label=_("Treo từ ngày"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    ends_on = forms.DateField(
        label=_("Đến ngày"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Các trường được đề nghị"), queryset=OrgUnit.objects.none()
    )
    tasks = _tasks_field()

    def __init__(self, *args, units_qs, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_qs
        _task_choices(self.fields["tasks"], user)

    @classmethod
    def initial_from(cls, campaign) -> dict:
        return {
            "theme": campaign.theme,
            "banner_text": campaign.banner_text,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "units": list(campaign.units.values_list("pk", flat=True)),
            "tasks": list(campaign.tasks.values_list("pk", flat=True)),
        }


class BannerReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Trường"), queryset=OrgUnit.objects.none())
    place = forms.CharField(label=_("Vị trí treo"), max_length=255)
    hung_on = forms.DateField(
        label=_("Ngày treo"), input_formats=DATE_FORMATS, widget=forms.DateInput(**DATE_INPUT)
    )
    photo = forms.FileField(
        label=_("Ảnh chụp"),
        help_text=_("Ảnh JPG, PNG hoặc WebP; chụp trực tiếp bằng điện thoại."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args, units_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_qs
        units = list(units_qs[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
