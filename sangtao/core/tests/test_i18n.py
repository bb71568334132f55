"""The English switch: Vietnamese is the source and the default, English comes from locale/en.

Every msgid of locale/en/LC_MESSAGES/django.po must have an English msgstr, so that a string added
later without a translation fails this suite (run `make messages`, translate, and `compilemessages`).
"""

import ast
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from sangtao.plans.models import AssignmentStatus, PlanStatus
from sangtao.testing.factories import AssignmentFactory, PlanFactory, TaskFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
VI_PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt is not None else ""
        return f"{EN_PO.name}:{self.line}{context} {self.msgid!r}"


def read_po(path: Path) -> list[Entry]:
    """A small reader for the .po files that makemessages writes (no obsolete `#~` entries)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            rest = line
        else:
            index = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            target = ("msgstr", int(index.group(1))) if index else (keyword, None)
            if target[0] == "msgstr":
                entry.msgstr.setdefault(target[1] or 0, "")
            else:
                setattr(entry, target[0], "")
        text = ast.literal_eval(rest)
        name, index = target
        if name == "msgstr":
            entry.msgstr[index or 0] += text
        else:
            setattr(entry, name, getattr(entry, name) + text)
    return [e for e in entries if e.msgid != ""]  # the header has an empty msgid


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[a-z]|%%|\{[a-z_]+\}")


def test_it_has_a_vietnamese_catalogue_for_the_source_language():
    assert VI_PO.exists()
    assert EN_PO.exists()


def test_it_translates_every_entry_of_the_english_catalogue():
    missing = [
        e.label
        for e in read_po(EN_PO)
        if "fuzzy" in e.flags or not e.msgstr or not all(s.strip() for s in e.msgstr.values())
    ]
    print("\n".join(["Untranslated or fuzzy entries in locale/en:", *missing]))
    assert missing == []


def test_it_fills_both_plural_forms_in_english():
    plurals = [e for e in read_po(EN_PO) if e.msgid_plural is not None]
    incomplete = [e.label for e in plurals if sorted(e.msgstr) != [0, 1]]
    assert plurals
    assert incomplete == []


def test_it_keeps_every_placeholder_in_the_english_translation():
    changed = [
        f"{e.label}: {sorted(PLACEHOLDER.findall(e.msgid))} ≠ {sorted(PLACEHOLDER.findall(s))}"
        for e in read_po(EN_PO)
        for s in e.msgstr.values()
        if sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(s))
    ]
    print("\n".join(changed))
    assert changed == []


def test_it_uses_the_compiled_catalogue_for_every_entry():
    entries = read_po(EN_PO)
    with translation.override("en"):
        wrong = [
            e.label
            for e in entries
            if e.msgid_plural is None and e.msgctxt is None and translation.gettext(e.msgid) != e.msgstr[0]
        ]
        wrong += [
            e.label
            for e in entries
            if e.msgid_plural is None
            and e.msgctxt is not None
            and translation.pgettext(e.msgctxt, e.msgid) != e.msgstr[0]
        ]
        wrong += [
            e.label
            for e in entries
            if e.msgid_plural is not None
            and [translation.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
            != [e.msgstr[0], e.msgstr[1]]
        ]
    print("\n".join(["Entries whose compiled English differs from the .po (stale .mo?):", *wrong]))
    assert len(entries) > 100
    assert wrong == []


def test_it_keeps_vietnamese_when_vietnamese_is_active():
    with translation.override("vi"):
        assert translation.gettext("Đăng nhập") == "Đăng nhập"
    with translation.override("en"):
        assert translation.gettext("Đăng nhập") == "Sign in"


def test_it_serves_the_login_page_in_vietnamese_by_default(client_for):
    response = client_for("anonymous").get(reverse("accounts:login"))

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text
    assert "Sign in" not in response.text


def test_it_switches_the_login_page_to_english(client_for):
    client = client_for("anonymous")
    login_url = reverse("accounts:login")

    response = client.post(reverse("set_language"), {"language": "en", "next": login_url}, follow=True)

    assert response.redirect_chain[-1][0] == login_url
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.text
    assert '<h1 id="login-title">Sign in</h1>' in response.text
    assert "Use the account issued by your unit's system administrator." in response.text
    assert "Đăng nhập" not in response.text


def test_it_switches_back_to_vietnamese(client_for):
    client = client_for("anonymous")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    response = client.get(reverse("accounts:login"))

    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text


def english_client(client_for, name):
    client = client_for(name)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_it_shows_the_plan_list_in_english(world, client_for):
    PlanFactory(issuing_unit=world.office, number="454/KH-GDĐT", status=PlanStatus.DRAFT)

    response = english_client(client_for, "leader").get(reverse("plans:list"))

    assert response.status_code == 200
    html = response.text
    assert "<h1>Plans</h1>" in html
    for heading in ("Number/reference", "Summary", "Date", "Issuing body", "Status"):
        assert f'<th scope="col">{heading}</th>' in html
    assert "454/KH-GDĐT" in html
    assert ">Draft<" in html
    assert "Trích yếu" not in html
    assert "Dự thảo" not in html


def test_it_shows_the_assignment_list_in_english(world, client_for):
    task = TaskFactory(plan=PlanFactory(issuing_unit=world.office), title="Thành lập câu lạc bộ STEM")
    AssignmentFactory(task=task, unit=world.school_a, status=AssignmentStatus.IN_PROGRESS)

    response = english_client(client_for, "coordinator_a").get(reverse("plans:my_assignments"))

    assert response.status_code == 200
    html = response.text
    assert "<h1>Assigned tasks</h1>" in html
    for heading in ("Task", "Unit", "Status", "Due"):
        assert f'<th scope="col">{heading}</th>' in html
    assert "Overdue only" in html
    assert "Export to Excel" in html
    assert "In progress" in html
    assert "Thành lập câu lạc bộ STEM" in html  # data stays as entered
    assert "Nhiệm vụ được giao" not in html
    assert "Đang thực hiện" not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_it_reads_and_writes_dates_as_dd_mm_yyyy(language):
    day = datetime.date(2024, 12, 31)
    with translation.override(language):
        field_ = forms.DateField()
        assert field_.clean("31/12/2024") == day
        assert field_.clean("2024-12-31") == day
        assert field_.widget.format_value(day) == "31/12/2024"
        assert (
            Template('{{ d }}|{{ d|date:"d/m/Y" }}|{{ d|date:"SHORT_DATE_FORMAT" }}').render(
                Context({"d": day})
            )
            == "31/12/2024|31/12/2024|31/12/2024"
        )
        assert forms.DateTimeField().clean("31/12/2024 08:30").date() == day


@pytest.mark.parametrize("language", ["vi", "en"])
def test_it_rejects_a_month_first_date(language):
    with translation.override(language), pytest.raises(forms.ValidationError):
        forms.DateField().clean("12/31/2024")
