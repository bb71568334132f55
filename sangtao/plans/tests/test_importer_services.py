"""Reading a document into a draft, correcting it, and creating the plan (with the persona world)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.models import StatusEvent
from sangtao.plans.importer import services
from sangtao.plans.importer.draft import iter_nodes
from sangtao.plans.models import Indicator, Plan, PlanImport, PlanImportStatus, PlanStatus, Task
from sangtao.testing.factories import OrgUnitFactory

from . import importer_docs as docs


@pytest.fixture(autouse=True)
def vietnamese():
    # Messages are asserted in Vietnamese; a test elsewhere may leave English active in this thread.
    with translation.override("vi"):
        yield


def _docx(text=None, name="ke-hoach.docx", **kwargs):
    return SimpleUploadedFile(name, docs.docx_bytes(text or docs.stem_day_text(), **kwargs))


def _tasks(draft):
    return {n["number"]: n for n in iter_nodes(draft.proposal["nodes"], kind="task")}


@pytest.fixture
def draft(world):
    return services.plan_import_start(actor=world.specialist, office=world.office, uploaded=_docx())


def test_a_docx_becomes_a_draft_with_the_offices_units(world, draft):
    assert draft.status == PlanImportStatus.DRAFT and draft.file_name == "ke-hoach.docx"
    header = draft.proposal["header"]
    assert (header["number"], header["issued_on"]) == ("112/KH-GDĐT", "2024-02-20")
    assert header["issuer"] == ["ỦY BAN NHÂN DÂN QUẬN 12", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]
    tasks = _tasks(draft)
    assert (tasks["II.1.a"]["lead"], tasks["II.1.a"]["partners"]) == (world.team_pt.pk, [world.team_mn.pk])
    assert tasks["II.2.1.b"]["partners"] == [world.partner_unit.pk]
    assert draft.proposal["recipients"][0]["unit"] == world.ubnd.pk
    assert StatusEvent.objects.filter(object_id=draft.pk, action="create").exists()
    assert Plan.objects.count() == 0  # nothing is created before the review


def test_words_bullets_come_back_from_its_numbering(world):
    draft = services.plan_import_start(
        actor=world.specialist,
        office=world.office,
        uploaded=_docx(docs.PASTED, auto_bullets=True, header_table=False),
    )
    assert list(_tasks(draft)) == ["I.1", "I.2", "II.1"]


def test_pasted_text_becomes_a_draft(world):
    draft = services.plan_import_start(actor=world.leader, office=world.office, text=docs.DECISION)
    assert draft.source_kind == "text" and not draft.file
    assert _tasks(draft)["1.2"]["implementing"] == [world.school_a.pk]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ke-hoach.pdf", b"%PDF-1.4 scanned", "PDF"),
        ("ban-chup.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "ảnh"),
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0" + b"0" * 20, ".doc"),
        ("hong.docx", b"PK\x03\x04 not really a zip", "Không mở được"),
        ("rong.docx", b"", "rỗng"),
    ],
)
def test_a_file_it_cannot_read_is_refused_with_a_clear_message(world, name, content, message):
    with pytest.raises(ApplicationError, match=message):
        services.plan_import_start(
            actor=world.specialist, office=world.office, uploaded=SimpleUploadedFile(name, content)
        )
    assert PlanImport.objects.count() == 0


def test_a_scanned_word_file_says_so():
    import io

    import docx
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(picture, format="PNG")
    document = docx.Document()
    document.add_picture(io.BytesIO(picture.getvalue()))
    out = io.BytesIO()
    document.save(out)
    from sangtao.plans.importer.reading import UnreadableDocument, paragraphs_from_docx

    with pytest.raises(UnreadableDocument, match="bản quét"):
        paragraphs_from_docx(SimpleUploadedFile("quet.docx", out.getvalue()))


def test_a_document_without_a_plans_structure_is_refused_with_what_was_read(world):
    with pytest.raises(ApplicationError, match="Không nhận ra cấu trúc") as exc:
        services.plan_import_start(
            actor=world.specialist, office=world.office, uploaded=_docx(docs.NO_STRUCTURE, header_table=False)
        )
    assert exc.value.extra["text"].startswith("Kính gửi: Hiệu trưởng các trường.")
    with pytest.raises(ApplicationError, match="Hãy chọn tệp"):
        services.plan_import_start(actor=world.specialist, office=world.office, text="   ")


@pytest.mark.parametrize("persona", ["principal_a", "coordinator_a", "partner", "observer"])
def test_only_office_staff_import(world, persona):
    with pytest.raises(PermissionDeniedError):
        services.plan_import_start(actor=getattr(world, persona), office=world.office, text=docs.DECISION)


def test_another_offices_staff_cannot_import_for_this_office(world):
    other = OrgUnitFactory(kind="authority", level="", name="Phòng GD&ĐT huyện Củ Chi")
    with pytest.raises(PermissionDeniedError):
        services.plan_import_start(actor=world.specialist, office=other, text=docs.DECISION)


def test_tasks_move_merge_split_and_drop(world, draft):
    tasks = _tasks(draft)
    first, second = tasks["I.1.1"], tasks["I.2.1"]
    services.plan_import_node_act(
        actor=world.specialist, draft=draft, version=draft.version, node_id=second["id"], action="outdent"
    )
    draft.refresh_from_db()
    assert [n["number"] for n in draft.proposal["nodes"][0]["children"]] == ["1", "2", "I.3"]
    services.plan_import_node_act(
        actor=world.specialist, draft=draft, version=draft.version, node_id=second["id"], action="up"
    )
    draft.refresh_from_db()
    assert [n["number"] for n in draft.proposal["nodes"][0]["children"]] == ["1", "I.2", "3"]
    assert draft.proposal["nodes"][0]["children"][1]["id"] == second["id"]
    vong = _tasks(draft)["II.1.a"]
    services.plan_import_node_split(
        actor=world.specialist, draft=draft, version=draft.version, node_id=vong["id"], at=1
    )
    draft.refresh_from_db()
    tasks = _tasks(draft)
    assert tasks["II.1.b"]["description"] == "hoàn thành trước ngày 22/03/2024."
    assert tasks["II.1.c"]["description"].startswith("Các trường mầm non")
    assert tasks["II.1.a"]["description"].endswith("tổ chức vòng trường;")
    assert tasks["II.1.b"]["end"] == "2024-03-22"
    services.plan_import_node_act(
        actor=world.specialist,
        draft=draft,
        version=draft.version,
        node_id=tasks["II.1.b"]["id"],
        action="merge",
    )
    draft.refresh_from_db()
    assert "hoàn thành trước ngày 22/03/2024" in _tasks(draft)["II.1.a"]["description"]
    services.plan_import_node_act(
        actor=world.specialist, draft=draft, version=draft.version, node_id=first["id"], action="remove"
    )
    draft.refresh_from_db()
    assert first["id"] not in {n["id"] for n in iter_nodes(draft.proposal["nodes"])}
    assert draft.proposal["indicators"][0]["node"] is None  # its task is gone: the target stays for the plan


def test_a_stale_page_cannot_undo_a_colleagues_correction(world, draft):
    node = _tasks(draft)["I.1.1"]
    services.plan_import_node_act(
        actor=world.specialist, draft=draft, version=draft.version, node_id=node["id"], action="outdent"
    )
    with pytest.raises(ConflictError, match="tải lại"):
        services.plan_import_node_act(
            actor=world.leader, draft=draft, version=1, node_id=node["id"], action="up"
        )


def test_a_task_is_corrected_with_units_of_the_office_only(world, draft):
    node = _tasks(draft)["I.2.1"]
    services.plan_import_node_update(
        actor=world.specialist,
        draft=draft,
        version=draft.version,
        node_id=node["id"],
        kind="task",
        label="",
        title="Tổ chức vòng trường",
        description=node["description"],
        lead=world.team_mn.pk,
        partners=[world.partner_unit.pk],
        implementing=[world.school_a.pk],
        levels=["TH"],
        start=None,
        end=None,
    )
    draft.refresh_from_db()
    node = _tasks(draft)["I.2.1"]
    assert (node["title"], node["lead"], node["partners"], node["levels"]) == (
        "Tổ chức vòng trường",
        world.team_mn.pk,
        [world.partner_unit.pk],
        ["TH"],
    )
    stranger = OrgUnitFactory(kind="team", level="", name="Tổ của nơi khác")
    with pytest.raises(ApplicationError, match="không thuộc phạm vi"):
        services.plan_import_node_update(
            actor=world.specialist,
            draft=draft,
            version=draft.version,
            node_id=node["id"],
            kind="task",
            label="",
            title="x",
            lead=stranger.pk,
        )


def test_the_reviewed_draft_becomes_a_plan_in_one_go(world, draft):
    indicators = draft.proposal["indicators"]
    rows = [{**i, "accepted": i["name"] != "Sản phẩm dự thi"} for i in indicators]
    services.plan_import_indicators_update(
        actor=world.specialist, draft=draft, version=draft.version, rows=rows
    )
    draft.refresh_from_db()
    plan = services.plan_import_confirm(actor=world.specialist, draft=draft, version=draft.version)
    draft.refresh_from_db()
    assert (draft.status, draft.plan) == (PlanImportStatus.CREATED, plan)
    assert (plan.number, plan.status, plan.issuing_unit) == ("112/KH-GDĐT", PlanStatus.DRAFT, world.office)
    assert plan.document.name.endswith(".docx")
    assert list(plan.bases.values_list("order", flat=True)) == [0, 1]
    assert plan.recipients.get(order=1).unit == world.partner_unit
    lead_task = plan.tasks.get(number="II.1.a")
    assert (lead_task.lead_unit, list(lead_task.partner_units.all())) == (world.team_pt, [world.team_mn])
    assert lead_task.implementing_rule == {"kinds": ["school", "affiliated"], "levels": ["TH", "THCS"]}
    assert str(lead_task.end) == "2024-03-22" and str(lead_task.start) == "2023-09-05"
    assert plan.tasks.get(number="II.2.1.a").parent == plan.tasks.get(number="II.2.1")
    assert list(plan.indicators.values_list("code", "target")) == [("CT01", 100), ("CT02", 100)]
    with pytest.raises(ConflictError):
        services.plan_import_confirm(actor=world.specialist, draft=draft, version=draft.version)


def test_nothing_is_created_when_one_part_fails(world, draft, monkeypatch):
    from sangtao.plans import services as plan_services

    calls = {"n": 0}
    real = plan_services.task_create

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise ApplicationError("hỏng giữa chừng")
        return real(**kwargs)

    monkeypatch.setattr(plan_services, "task_create", failing)
    with pytest.raises(ApplicationError):
        services.plan_import_confirm(actor=world.specialist, draft=draft, version=draft.version)
    assert (Plan.objects.count(), Task.objects.count(), Indicator.objects.count()) == (0, 0, 0)
    draft.refresh_from_db()
    assert draft.status == PlanImportStatus.DRAFT


def test_a_plan_needs_its_number_before_creation(world, draft):
    services.plan_import_header_update(
        actor=world.specialist, draft=draft, version=draft.version, bases=[], number=""
    )
    draft.refresh_from_db()
    with pytest.raises(ApplicationError, match="số/ký hiệu"):
        services.plan_import_confirm(actor=world.specialist, draft=draft, version=draft.version)


def test_a_discarded_draft_cannot_be_corrected(world, draft):
    services.plan_import_discard(actor=world.leader, draft=draft, reason="Nhập nhầm văn bản")
    draft.refresh_from_db()
    assert draft.status == PlanImportStatus.DISCARDED
    with pytest.raises(ConflictError):
        services.plan_import_confirm(actor=world.leader, draft=draft, version=draft.version)
