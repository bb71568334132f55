"""The fast select writes exactly what Django's own template writes."""

import re

import pytest
from django import forms

from sangtao.core import widgets

CHOICES = [("", "— Tất cả —"), (1, 'Trường <THCS> "A" & B'), ("Cấp học", [(2, "Mầm non"), (3, "Tiểu học")])]


@pytest.mark.parametrize("value", [None, 1, 3, [3]])
@pytest.mark.parametrize("attrs", [{}, {"id": "id_unit", "required": True, "disabled": False}])
def test_the_select_renders_as_django_does(value, attrs):
    ours = widgets.Select(choices=CHOICES).render("unit", value, attrs=dict(attrs))
    django = forms.Select(choices=CHOICES).render("unit", value, attrs=dict(attrs))
    assert ours == re.sub(r">\s+<", "><", django)  # the same, without the template's indentation


def test_options_mark_the_chosen_one_and_escape_labels():
    html = widgets.options_html([(1, "A & <b>"), (2, "B")], selected="2")
    assert html == '<option value="1">A &amp; &lt;b&gt;</option><option value="2" selected>B</option>'
