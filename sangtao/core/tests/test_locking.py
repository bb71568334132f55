"""The pieces of optimistic locking that need no record (each app's test_locking.py edits its own records)."""

import datetime

from django import forms

from sangtao.core.exceptions import ConflictError
from sangtao.core.locking import StaleVersionError, VersionedFormMixin, stale_message


class NoteForm(VersionedFormMixin, forms.Form):
    text = forms.CharField()


def test_the_message_says_when_the_record_was_changed_in_local_time():
    at = datetime.datetime(2024, 3, 14, 2, 5, tzinfo=datetime.UTC)  # 09:05 in Hồ Chí Minh City
    assert "lúc 09:05 14/03/2024" in stale_message(at)


def test_a_stale_save_is_a_conflict():
    assert issubclass(StaleVersionError, ConflictError) and StaleVersionError.status_code == 409


def test_the_form_carries_the_version_hidden_and_keeps_what_was_typed():
    form = NoteForm({"text": "Bản đang sửa", "version": "3"})
    assert form.is_valid() and form.submitted_version() == 3
    assert [f.name for f in form.hidden_fields()] == ["version"]
    form.add_error(None, stale_message(None))
    assert 'value="Bản đang sửa"' in form.as_div() and 'name="version" value="3"' in form.as_div()


def test_a_form_without_a_version_is_not_checked():
    form = NoteForm({"text": "Ứng dụng cũ"})
    assert form.is_valid() and form.submitted_version() is None
