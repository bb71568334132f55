from django import forms
from django.utils.translation import gettext_lazy as _

from sangtao.core.locking import VersionedFormMixin
from sangtao.plans.models import PlanStatus, Task, TaskKind

from .models import ArticleCategory


class ArticleForm(VersionedFormMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=250)
    category = forms.ChoiceField(label=_("Chuyên mục"), choices=ArticleCategory.choices)
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 14, "class": "rich-editor"})
    )
    tags = forms.CharField(
        label=_("Từ khoá"), required=False, max_length=250, help_text=_("Cách nhau bởi dấu phẩy.")
    )
    task = forms.ModelChoiceField(
        label=_("Nhiệm vụ kế hoạch mà tin bài phục vụ"), required=False, queryset=Task.objects.none()
    )
    cover = forms.ImageField(label=_("Ảnh bìa"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]
        self.fields["task"].queryset = (
            Task.objects.filter(kind=TaskKind.TASK, plan__status=PlanStatus.ISSUED)
            .select_related("plan")
            .order_by("plan_id", "order", "pk")
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Đăng lúc (để trống: đăng ngay)"),
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
