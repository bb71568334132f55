"""The forms: whole-number scores within bounds, uploads checked by content."""

from django.core.files.uploadedfile import SimpleUploadedFile

from sangtao.contests.forms import EntryForm, ScoreForm
from sangtao.testing.factories import CriterionFactory


def test_the_score_form_takes_whole_numbers_within_each_criterions_bounds(db):
    a, b = CriterionFactory(max_points=10), CriterionFactory(max_points=20)
    ok = ScoreForm({f"c{a.pk}": "7", f"c{b.pk}": "20", "version": "0"}, criteria=[a, b])
    assert ok.is_valid() and ok.points() == {a.pk: 7, b.pk: 20}
    bad = ScoreForm({f"c{a.pk}": "11", f"c{b.pk}": "2.5", "version": "0"}, criteria=[a, b])
    assert not bad.is_valid() and set(bad.errors) == {f"c{a.pk}", f"c{b.pk}"}
    assert "Hãy nhập một số nguyên." in bad.errors[f"c{b.pk}"]


def test_an_entry_file_is_checked_by_its_content(world, cw):
    fake = SimpleUploadedFile("ho-so.pdf", b"not a pdf at all", content_type="application/pdf")
    form = EntryForm(
        {"category": cw.science.pk, "title": "x"}, {"file": fake}, contest=cw.contest, school=world.school_a
    )
    assert not form.is_valid() and "không đúng với đuôi .pdf" in form.errors["file"][0]
