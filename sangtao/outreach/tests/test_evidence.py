"""A school shows its acknowledgement of a document, its response to an event or its banner report as
evidence of its assignment of the plan task that the document, event or campaign serves."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.outreach import selectors, services
from sangtao.plans.models import EvidenceKind
from sangtao.testing.factories import AssignmentFactory, PlanFactory, TaskFactory

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


@pytest.fixture
def plan(world):
    plan = PlanFactory(issuing_unit=world.office)
    section = TaskFactory(plan=plan, kind="section", title="Truyền thông")
    task = TaskFactory(plan=plan, parent=section, title="Phổ biến văn bản và hưởng ứng các ngày lễ")
    other = TaskFactory(plan=plan, title="Nhiệm vụ khác")
    return {
        "section": section,
        "task": task,
        "other": other,
        "a": AssignmentFactory(task=task, unit=world.school_a),
        "a_other": AssignmentFactory(task=other, unit=world.school_a),
        "b": AssignmentFactory(task=task, unit=world.school_b),
    }


@pytest.fixture
def records(world, plan):
    doc = services.document_create(
        actor=world.specialist,
        issued_on=datetime.date(2024, 1, 2),
        issuer="Phòng GD&ĐT",
        kind="handbook",
        summary="Cẩm nang đổi mới sáng tạo",
        tasks=[plan["task"]],
    )
    dist = services.distribution_send(
        actor=world.specialist,
        document=doc,
        units=[world.school_a, world.school_b],
        due_on=datetime.date(2099, 1, 1),
    )
    ack = dist.acknowledgements.get(unit=world.school_a)
    day = services.event_create(
        actor=world.specialist,
        title="Ngày hội STEM",
        kind="office",
        starts_on=datetime.date(2024, 4, 5),
        tasks=[plan["section"]],  # the event serves the parent: the task below it is served too
    )
    campaign = services.banner_campaign_create(
        actor=world.specialist,
        theme="Ngày Đổi mới sáng tạo",
        banner_text="x",
        starts_on=datetime.date(2024, 9, 25),
        ends_on=datetime.date(2024, 10, 5),
        units=[world.school_a],
        tasks=[plan["task"]],
    )
    response = services.event_respond(
        actor=world.principal_a, event=day, unit=world.school_a, activities="Triển lãm"
    )
    report = services.banner_report(
        actor=world.principal_a,
        campaign=campaign,
        unit=world.school_a,
        place="Cổng",
        hung_on=datetime.date(2024, 9, 26),
        photo=SimpleUploadedFile("a.png", PNG, content_type="image/png"),
    )
    return {"ack": ack, "response": response, "report": report}


@pytest.mark.parametrize(("name", "label"), [("response", "eventresponse"), ("report", "bannerreport")])
def test_a_record_is_attached_once_with_its_reference(world, plan, records, name, label):
    record = records[name]
    evidence = services.record_attach_to_assignment(
        actor=world.coordinator_a, record=record, assignment=plan["a"]
    )
    assert (evidence.kind, evidence.record_ref) == (EvidenceKind.RECORD, f"outreach.{label}:{record.pk}")
    assert evidence.title and evidence.assignment.unit == world.school_a
    with pytest.raises(ConflictError):
        services.record_attach_to_assignment(actor=world.coordinator_a, record=record, assignment=plan["a"])
    assert selectors.attachable_assignments(world.coordinator_a, record) == []


def test_an_acknowledgement_counts_only_once_acknowledged(world, plan, records):
    ack = records["ack"]
    assert selectors.attachable_assignments(world.principal_a, ack) == []
    with pytest.raises(ApplicationError):
        services.record_attach_to_assignment(actor=world.principal_a, record=ack, assignment=plan["a"])
    services.acknowledge(actor=world.principal_a, acknowledgement=ack)
    ack.refresh_from_db()
    assert selectors.attachable_assignments(world.principal_a, ack) == [plan["a"]]
    evidence = services.record_attach_to_assignment(actor=world.principal_a, record=ack, assignment=plan["a"])
    assert evidence.record_ref == f"outreach.acknowledgement:{ack.pk}" and "Cẩm nang" in evidence.title


def test_it_refuses_another_schools_assignment_a_task_not_served_and_other_people(world, plan, records):
    response = records["response"]
    with pytest.raises(ApplicationError):
        services.record_attach_to_assignment(actor=world.principal_a, record=response, assignment=plan["b"])
    with pytest.raises(ApplicationError):
        services.record_attach_to_assignment(
            actor=world.principal_a, record=response, assignment=plan["a_other"]
        )
    for actor in (world.teacher_a, world.principal_b, world.specialist):
        with pytest.raises(PermissionDeniedError):
            services.record_attach_to_assignment(actor=actor, record=response, assignment=plan["a"])


def test_the_event_page_offers_to_attach_and_the_assignment_shows_the_record(
    client_for, world, plan, records
):
    response = records["response"]
    client = client_for("principal_a")
    page = client.get(reverse("outreach:event", args=[response.event_id])).content.decode()
    assert reverse("outreach:response_attach", args=[response.pk]) in page and "Gắn làm minh chứng" in page
    assert (
        "Gắn làm minh chứng"
        not in client_for("specialist")
        .get(reverse("outreach:event", args=[response.event_id]))
        .content.decode()
    )
    posted = client.post(
        reverse("outreach:response_attach", args=[response.pk]), {"assignment": plan["a"].pk}
    )
    assert posted.status_code == 302
    assignment_page = client.get(reverse("plans:assignment", args=[plan["a"].pk])).content.decode()
    assert "Hưởng ứng sự kiện: Ngày hội STEM" in assignment_page and "Hồ sơ trong hệ thống" in assignment_page


def test_the_inbox_and_the_banner_page_offer_to_attach(client_for, world, plan, records):
    services.acknowledge(actor=world.principal_a, acknowledgement=records["ack"])
    client = client_for("coordinator_a")
    inbox = client.get(reverse("outreach:inbox")).content.decode()
    assert reverse("outreach:ack_attach", args=[records["ack"].pk]) in inbox
    assert (
        client.post(
            reverse("outreach:ack_attach", args=[records["ack"].pk]), {"assignment": plan["a"].pk}
        ).status_code
        == 302
    )
    banner = client.get(reverse("outreach:banner", args=[records["report"].campaign_id])).content.decode()
    assert reverse("outreach:banner_report_attach", args=[records["report"].pk]) in banner
    assert (
        client.post(
            reverse("outreach:banner_report_attach", args=[records["report"].pk]),
            {"assignment": plan["a"].pk},
        ).status_code
        == 302
    )
    assert plan["a"].evidence.count() == 2


@pytest.mark.parametrize(
    ("persona", "status"), [("teacher_a", 404), ("principal_b", 404), ("specialist", 404), ("anonymous", 302)]
)
def test_only_the_school_attaches_through_the_pages(client_for, world, plan, records, persona, status):
    response = client_for(persona).post(
        reverse("outreach:response_attach", args=[records["response"].pk]), {"assignment": plan["a"].pk}
    )
    assert response.status_code == status
    assert not plan["a"].evidence.exists()


def test_a_wrong_assignment_is_404(client_for, world, plan, records):
    response = client_for("principal_a").post(
        reverse("outreach:response_attach", args=[records["response"].pk]), {"assignment": plan["b"].pk}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("n", [2, 12])
def test_the_inbox_with_attach_choices_keeps_its_query_count(
    client_for, world, plan, django_assert_max_num_queries, n
):
    for i in range(n):
        doc = services.document_create(
            actor=world.specialist,
            issued_on=datetime.date(2024, 1, 2),
            issuer="Phòng",
            kind="letter",
            summary=f"Công văn {i}",
            tasks=[plan["task"]],
        )
        dist = services.distribution_send(
            actor=world.specialist, document=doc, units=[world.school_a], due_on=datetime.date(2099, 1, 1)
        )
        services.acknowledge(actor=world.principal_a, acknowledgement=dist.acknowledgements.get())
    client = client_for("principal_a")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("outreach:inbox"))
    assert page.content.decode().count('name="assignment"') == n


def test_the_assignment_page_links_each_record_to_its_page(client_for, world, plan, records):
    from sangtao.plans.records import record_links

    services.acknowledge(actor=world.principal_a, acknowledgement=records["ack"])
    records["ack"].refresh_from_db()
    for record in records.values():
        services.record_attach_to_assignment(actor=world.principal_a, record=record, assignment=plan["a"])
    pages = {
        "ack": reverse("outreach:document", args=[records["ack"].distribution.document_id]),
        "response": reverse("outreach:event", args=[records["response"].event_id]),
        "report": reverse("outreach:banner", args=[records["report"].campaign_id]),
    }
    for persona in ("principal_a", "specialist"):
        page = client_for(persona).get(reverse("plans:assignment", args=[plan["a"].pk])).content.decode()
        for url in pages.values():
            assert f'<a href="{url}">' in page
    refs = [services.record_ref(r) for r in records.values()]
    # Links follow the pages' own scope: school B was sent the document and the event but was not asked
    # to hang the banner, so it gets no link to the campaign (the assignment page shows the title alone).
    assert record_links(world.principal_b, refs) == {refs[0]: pages["ack"], refs[1]: pages["response"]}
    assert record_links(world.principal_a, refs) == dict(zip(refs, pages.values(), strict=True))
