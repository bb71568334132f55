"""Two specialists edit the same course: the second save is refused, keeps what was typed, overwrites nothing."""

from django.urls import reverse

from sangtao.testing.forms import STALE, edit_twice


def test_the_second_of_two_edits_of_a_course_is_refused_and_keeps_what_was_typed(client_for, tw):
    page = edit_twice(
        client_for("specialist"),
        client_for("leader"),
        reverse("training:edit", args=[tw.course.pk]),
        first_changes={"title": "Bồi dưỡng đổi mới sáng tạo (chuyên viên sửa)"},
        second_changes={"title": "Bồi dưỡng đổi mới sáng tạo (lãnh đạo sửa)"},
    )
    assert STALE in page.content.decode()
    assert "Bồi dưỡng đổi mới sáng tạo (lãnh đạo sửa)" in page.content.decode()
    tw.course.refresh_from_db()
    assert (tw.course.title, tw.course.version) == ("Bồi dưỡng đổi mới sáng tạo (chuyên viên sửa)", 1)
