"""The clubs forms: dates as dd/mm/yyyy, several photos in one input, people grouped by class."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from sangtao.clubs import selectors
from sangtao.clubs.forms import ActivityForm, ClubFilterForm, ClubForm

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


def test_it_takes_several_photos_and_refuses_a_fake_one(cw):
    files = MultiValueDict({"photos": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", PNG)]})
    form = ActivityForm({"date": "14/03/2024", "title": "x", "kind": "meeting"}, files, members=[])
    assert form.is_valid() and len(form.cleaned_data["photos"]) == 2
    fake = MultiValueDict({"photos": [SimpleUploadedFile("c.png", b"no")]})
    form = ActivityForm({"date": "14/03/2024", "title": "x", "kind": "meeting"}, fake, members=[])
    assert not form.is_valid() and "photos" in form.errors


def test_it_reads_a_day_first_date_and_refuses_a_month_first_one(cw):
    assert ActivityForm({"date": "14/03/2024", "title": "x", "kind": "meeting"}, members=[]).is_valid()
    form = ActivityForm({"date": "03/14/2024", "title": "x", "kind": "meeting"}, members=[])
    assert not form.is_valid() and "date" in form.errors


def test_people_are_grouped_staff_first_then_by_class(cw, world):
    people = selectors.people_choices(world.school_a, with_students=True)
    form = ClubForm(unit=world.school_a, people=people)
    groups = [str(label) for label, _rows in form.fields["people"].choices]
    assert groups == ["Cán bộ, giáo viên, nhân viên", "Học sinh lớp 8A2"]


def test_a_new_decision_file_reaches_the_service_and_no_file_keeps_the_old(cw, world):
    data = {"name": "CLB", "club_type": "stem"}
    upload = MultiValueDict({"decision_file": [SimpleUploadedFile("qd.png", PNG)]})
    with_file = ClubForm(data, upload, unit=world.school_a)
    without = ClubForm(data, unit=world.school_a, instance=cw.club)
    assert with_file.is_valid() and without.is_valid()
    assert "decision_file" in with_file.service_fields() and "decision_file" not in without.service_fields()


def test_the_filters_ignore_nonsense(cw):
    assert ClubFilterForm({"unit": "abc"}).filters() == {}
    assert ClubFilterForm({"active": "yes"}).filters()["active"] == "yes"


def test_the_activity_date_defaults_to_the_clock(cw, today):
    form = ActivityForm(members=[], initial={"date": today})
    assert 'value="15/03/2024"' in str(form["date"]) and today == datetime.date(2024, 3, 15)
