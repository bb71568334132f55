"""The seed plan 454/KH-GDĐT imports into the draft that the demo builds by hand (orgs/demo_data.py)."""

import pytest
from django.utils import translation

from sangtao.core.text import fold
from sangtao.orgs import demo_data as data
from sangtao.plans.importer.draft import build_proposal, iter_nodes
from sangtao.plans.importer.matching import Registry, UnitRef
from sangtao.plans.importer.parsing import parse
from sangtao.plans.importer.reading import paragraphs_from_text

from .importer_docs import seed_text


@pytest.fixture(autouse=True)
def vietnamese():
    # Messages are asserted in Vietnamese; a test elsewhere may leave English active in this thread.
    with translation.override("vi"):
        yield


# What the demo adds from its reading of section III, which the sentences of sections I and II do not
# say: who leads them, and partners such as Tổ Mầm non or Phòng Kinh tế where the paragraph names none.
CODES: dict[int, str] = {}


def demo_registry() -> Registry:
    units = [
        UnitRef(1, data.ROOT["name"], "observer", "", aliases=(data.ROOT["name"], data.ROOT["short_name"])),
        UnitRef(
            2,
            data.OFFICE["name"],
            "authority",
            "",
            True,
            aliases=(data.OFFICE["name"], data.OFFICE["short_name"]),
        ),
    ]
    CODES.update({1: data.ROOT["code"], 2: data.OFFICE["code"]})
    pk = 3
    for code, name in data.TEAMS:
        units.append(UnitRef(pk, name, "team", "", aliases=(name,)))
        CODES[pk] = code
        pk += 1
    for code, name, short in data.PARTNERS:
        units.append(UnitRef(pk, name, "partner", "", aliases=(name, short)))
        CODES[pk] = code
        pk += 1
    for school in data.SCHOOLS[:3] + data.SCHOOLS[30:32] + data.SCHOOLS[52:54] + data.AFFILIATED:
        kind = "affiliated" if school.level == "DVTN" else "school"
        units.append(UnitRef(pk, school.name, kind, school.level, aliases=(school.name, school.short_name)))
        CODES[pk] = school.code
        pk += 1
    return Registry(units=units, levels_present=data.ALL_LEVELS)


@pytest.fixture(scope="module")
def proposal():
    return build_proposal(parse(paragraphs_from_text(seed_text())), demo_registry())


def _shape(nodes):
    return [(n["kind"], n["number"], _shape(n["children"])) for n in nodes]


def _demo_shape(nodes):
    return [(n["kind"], n["number"], _demo_shape(n["children"])) for n in nodes]


def _demo_tasks(nodes):
    for n in nodes:
        if n["kind"] == "task":
            yield n
        yield from _demo_tasks(n["children"])


def test_the_header_bases_and_recipients_are_the_demo_plans(proposal):
    header = proposal["header"]
    for key in ("number", "place", "title", "year", "preamble", "closing", "signer_name"):
        assert header[key] == data.PLAN[key], key
    assert header["issued_on"] == data.PLAN["issued_on"].isoformat()
    assert [b["text"] for b in proposal["bases"]] == data.BASES
    assert [
        (r["label"], r["purpose"], CODES.get(r["unit"], "")) for r in proposal["recipients"]
    ] == data.RECIPIENTS


def test_the_sections_and_tasks_have_the_demo_plans_shape_numbers_and_texts(proposal):
    assert _shape(proposal["nodes"]) == _demo_shape(data.TASKS)
    demo = {t["number"]: t for t in _demo_tasks(data.TASKS)}
    tasks = {n["number"]: n for n in iter_nodes(proposal["nodes"], kind="task")}
    assert set(tasks) == set(demo)
    for number, node in tasks.items():
        assert " ".join(node["description"].split()) == " ".join(demo[number]["description"].split()), number
    sections = [n["title"] for n in iter_nodes(proposal["nodes"], kind="section")]
    assert sections == [n["title"] for n in _demo_sections(data.TASKS)]


def _demo_sections(nodes):
    for n in nodes:
        if n["kind"] == "section":
            yield n
            yield from _demo_sections(n["children"])


def test_which_schools_carry_out_each_task_is_the_demo_plans(proposal):
    demo = {t["number"]: t for t in _demo_tasks(data.TASKS)}
    for node in iter_nodes(proposal["nodes"], kind="task"):
        assert node["levels"] == demo[node["number"]]["levels"], node["number"]


def test_the_units_named_in_a_task_are_the_demo_plans_leads_and_partners(proposal):
    demo = {t["number"]: t for t in _demo_tasks(data.TASKS)}
    tasks = {n["number"]: n for n in iter_nodes(proposal["nodes"], kind="task")}
    for number, node in tasks.items():
        named = {CODES[pk] for pk in [node["lead"], *node["partners"]] if pk}
        assert named <= {demo[number]["lead"], *demo[number]["partners"]}, number
    # Section III says who answers for what: there the draft is the demo's, lead and partners.
    for number in ("III.1.2", "III.1.3", "III.1.4"):
        assert CODES[tasks[number]["lead"]] == demo[number]["lead"]
        assert {CODES[pk] for pk in tasks[number]["partners"]} == set(demo[number]["partners"])
    # "Tổ Mầm non, Phổ thông" names both teams; the demo reads Tổ Phổ thông as the lead.
    both = {CODES[tasks["III.1.1"]["lead"]], *(CODES[pk] for pk in tasks["III.1.1"]["partners"])}
    assert both == {"TO-MN", "TO-PT"}
    assert [CODES[pk] for pk in tasks["I.1"]["partners"]] == ["PKT-Q12"]


def test_the_fifty_percent_target_is_the_demo_plans_first_indicator(proposal):
    ct01 = next(i for i in data.INDICATORS if i.code == "CT01")
    [indicator] = proposal["indicators"]
    assert (indicator["target"], indicator["measure"], indicator["levels"]) == (
        str(ct01.target),
        ct01.measure,
        [],
    )
    assert set(fold(indicator["name"]).split()) <= set(fold(ct01.name).split())
    assert "50% trường học có câu lạc bộ hoạt động" in indicator["sentence"]
    node = next(n for n in iter_nodes(proposal["nodes"]) if n["id"] == indicator["node"])
    assert node["number"] == "III.1.1"


def test_every_proposal_keeps_the_sentence_it_came_from(proposal):
    node = next(n for n in iter_nodes(proposal["nodes"]) if n["number"] == "III.1.2")
    partner = next(f for f in node["found"] if f["field"] == "partner")
    assert partner["text"] == "phòng Tài nguyên và Môi trường quận"
    assert partner["sentence"].startswith("Tổ Hành chính tổng hợp chịu trách nhiệm")
    assert proposal["recipients"][0]["source"] == "- UBND Q.12 (để báo cáo);"
