"""Optimistic locking for records two people may edit at once (issue 8 §3).

A versioned record carries `version`, which grows by one at every edit made through its service. An edit
form carries the version the person started from in a hidden field; the service claims the record with
one `UPDATE … SET version = version + 1 WHERE pk = … AND version = <submitted>`. Of two saves that started
from the same version exactly one matches (PostgreSQL makes the second UPDATE wait for the first
transaction and then re-checks the WHERE), and the other is refused with a `StaleVersionError`: the view
shows its message above the form, which keeps what the person typed; the API answers 409.

The claim must be the first write of the service's transaction, so that a refusal rolls nothing back
that mattered and the row stays locked until the edit commits. A caller that sends no version (an older
API client) is not checked, but still bumps the version so that open forms learn of its edit.

contests' `Score` does the same compare-and-set with its own fields in the one UPDATE
(`contests.judging.score_save`).
"""

from django import forms
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import ConflictError


class VersionedModel(models.Model):
    """Adds `version`: 0 when created, one more at every edit through the service (`version_claim`)."""

    version = models.PositiveIntegerField(gettext_lazy("phiên bản"), default=0, editable=False)

    class Meta:
        abstract = True


class StaleVersionError(ConflictError):
    """Someone else saved the record after this person opened it; `extra["version"]` is the stored one."""


def stale_message(changed_at) -> str:
    when = timezone.localtime(changed_at).strftime("%H:%M %d/%m/%Y") if changed_at else "?"
    return _(
        "Bản ghi này vừa được người khác sửa lúc %(t)s. Mở lại trang để xem bản mới nhất; những gì bạn vừa "
        "nhập vẫn còn trong biểu mẫu."
    ) % {"t": when}


def version_claim(instance: VersionedModel, version: int | None) -> int:
    """Take the next version of `instance` if its stored version is still `version`; else refuse.

    Call it inside the service's transaction, before any other write. `version=None` skips the check (a
    client that does not know about versions) but still bumps. Sets and returns the new version.
    """
    model = type(instance)
    rows = model._base_manager.filter(pk=instance.pk)
    if version is not None:
        rows = rows.filter(version=int(version))
    if not rows.update(version=F("version") + 1):
        stored = model._base_manager.filter(pk=instance.pk).values("version", "updated_at").first() or {}
        raise StaleVersionError(
            stale_message(stored.get("updated_at")), extra={"version": stored.get("version")}
        )
    instance.version = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).get()
    return instance.version


class VersionedFormMixin:
    """A hidden `version` field holding the version the person opened.

    A ModelForm takes it from its instance; a plain form gets it through `initial={"version": …}`. A bound
    form that is refused keeps the submitted data, the stale version included, so saving again without
    reopening the page is refused again rather than overwriting silently.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None and "version" not in self.initial:
            self.initial["version"] = instance.version

    def submitted_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def save(self, commit=True):
        """For ModelForms saved by the view: claim the instance's version before writing it."""
        if self.instance.pk is not None:
            version_claim(self.instance, self.submitted_version())
        return super().save(commit=commit)
