"""Two writers of a school edit the same draft article: the second save is refused, keeps what was typed."""

from django.urls import reverse

from sangtao.testing.factories import ArticleFactory
from sangtao.testing.forms import STALE, edit_twice


def test_the_second_of_two_edits_of_an_article_is_refused_and_keeps_what_was_typed(client_for, world):
    article = ArticleFactory(unit=world.school_a, author=world.teacher_a, title="Ngày hội STEM")
    page = edit_twice(
        client_for("teacher_a"),
        client_for("coordinator_a"),
        reverse("communication:edit", args=[article.pk]),
        first_changes={"title": "Ngày hội STEM (giáo viên sửa)", "save": "1"},
        second_changes={"title": "Ngày hội STEM (phụ trách sửa)", "save": "1"},
    )
    assert STALE in page.content.decode()
    assert "Ngày hội STEM (phụ trách sửa)" in page.content.decode()
    article.refresh_from_db()
    assert (article.title, article.version) == ("Ngày hội STEM (giáo viên sửa)", 1)
