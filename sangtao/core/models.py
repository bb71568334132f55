"""Base models shared by every app, and the one status-event log that every workflow writes to."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class StatusEvent(models.Model):
    """Who moved which record from what status to what, when and why (STYLE example 5)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("hành động"), max_length=40)
    from_status = models.CharField(_("từ trạng thái"), max_length=40, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=40, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sự kiện trạng thái")
        verbose_name_plural = _("sự kiện trạng thái")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"
