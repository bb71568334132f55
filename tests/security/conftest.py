"""One record of each kind for school A (and the office records they hang on), for the security tests.

Every URL of tests/security/matrix.py is built from these records, so a kind missing here makes its rows test
nothing (an id that exists nowhere is 404 for everyone): file downloads get a real file, reviews and
decisions a recognised initiative, public pages a published record.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from sangtao.clubs.models import ClubActivityFile
from sangtao.communication.models import ArticleImage
from sangtao.contests.models import Award, AwardCertificate
from sangtao.emulation.models import SchoolScore
from sangtao.emulation.tests.factories import ManualCriterionFactory, SchemeFactory
from sangtao.honours.tests.factories import CommendationFactory, ProposalFactory, ProposalItemFactory
from sangtao.initiatives.models import Decision, InitiativeAttachment, Review
from sangtao.initiatives.models import Score as InitiativeScore
from sangtao.outreach.models import BannerCampaign, BannerReport, CalendarToken, Event, EventResponse
from sangtao.plans.importer import services as import_services
from sangtao.plans.tests import importer_docs
from sangtao.programmes import services as programme_services
from sangtao.programmes.models import MeterReading
from sangtao.programmes.tests.factories import filled, open_programme
from sangtao.reports.models import ReportVersion
from sangtao.reports.tests.factories import ReportFactory
from sangtao.spaces.tests.factories import SpaceFactory, SpacePhotoFactory, TechModelFactory
from sangtao.testing import factories as f
from sangtao.training.models import Certificate, CourseMaterial


@pytest.fixture
def records(world):
    """kind → a record of school A (or the office's parent record a school A record hangs on)."""
    a, office = world.school_a, world.office
    r = {}
    r["user"] = world.teacher_a
    r["role"] = world.teacher_a.role_assignments.get()
    r["unit"] = a
    r["student"] = f.StudentFactory(unit=a, full_name="Nguyễn Thị Lan")
    r["staff"] = f.StaffFactory(unit=a, full_name="Trần Văn Bình")
    r["notification"] = f.NotificationFactory(user=world.teacher_a)
    plan = f.PlanFactory(issuing_unit=office)
    r["plan"] = plan
    r["task"] = f.TaskFactory(plan=plan)
    r["indicator"] = f.IndicatorFactory(plan=plan)
    r["period"] = f.ReportingPeriodFactory(plan=plan)
    r["assignment"] = assignment = f.AssignmentFactory(task=r["task"], unit=a)
    from sangtao.plans.models import Evidence, EvidenceKind, SchoolActivity

    r["evidence"] = Evidence.objects.create(
        assignment=assignment,
        kind=EvidenceKind.FILE,
        title="Biên bản họp",
        file=ContentFile(b"%PDF-1.4 bien ban", name="bien-ban.pdf"),
        added_by=world.coordinator_a,
    )
    r["activity"] = SchoolActivity.objects.create(
        assignment=assignment, title="Ngày hội STEM", planned_on=datetime.date(2024, 3, 7)
    )
    r["club"] = club = f.ClubFactory(unit=a)
    r["club_member"] = f.ClubMemberFactory(club=club, student=r["student"])
    r["club_activity"] = f.ClubActivityFactory(club=club)
    r["course"] = course = f.CourseFactory(organiser=office, audience=office)
    r["session"] = f.SessionFactory(course=course)
    r["nomination"] = f.NominationFactory(course=course, school=a, staff=r["staff"])
    r["contest"] = contest = f.ContestFactory(organiser=office)
    r["round"] = rnd = f.ContestRoundFactory(contest=contest)
    r["entry"] = entry = f.EntryFactory(round=rnd, school=a)
    r["entry_member"] = f.EntryMemberFactory(entry=entry, student=r["student"])
    r["judge"] = judge = f.JudgeFactory(round=rnd, user=world.specialist, unit=office)
    r["judge_assignment"] = f.JudgeAssignmentFactory(entry=entry, judge=judge)
    r["campaign"] = campaign = f.CampaignFactory(unit=office)
    r["council"] = f.CouncilFactory(campaign=campaign, unit=a)
    r["council_member"] = f.CouncilMemberFactory(council=r["council"], user=world.principal_a)
    r["initiative"] = initiative = f.InitiativeFactory(campaign=campaign, unit=a)
    f.InitiativeAuthorFactory(initiative=initiative, user=world.teacher_a)
    r["document"] = document = f.DocumentFactory(owner_unit=office)
    r["distribution"] = distribution = f.DistributionFactory(document=document, sender_unit=office)
    r["acknowledgement"] = f.AcknowledgementFactory(distribution=distribution, unit=a)
    r["article"] = f.ArticleFactory(unit=a)
    r["space"] = space = SpaceFactory(unit=a)
    r["space_photo"] = SpacePhotoFactory(space=space)
    r["tech_model"] = TechModelFactory(unit=a)
    r["scheme"] = scheme = SchemeFactory(plan=plan)
    r["emulation_criterion"] = ManualCriterionFactory(scheme=scheme)
    r["commendation"] = CommendationFactory(unit=a, staff=r["staff"])
    r["proposal"] = proposal = ProposalFactory(unit=a)
    r["proposal_item"] = ProposalItemFactory(proposal=proposal, staff=r["staff"])
    r["report"] = ReportFactory(plan=plan, period=r["period"], unit=office)
    _files_and_more(world, r)
    return r


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ZIP = b"PK\x03\x04" + b"\x00" * 26  # the start of a .docx/.xlsx (an OOXML zip)


def _files_and_more(world, r):
    """The records behind the file downloads, the reviews, the decisions, the published and public pages."""
    a, office, now = world.school_a, world.office, timezone.now()
    today = now.date()
    # plans: the plan's own document, an import of a pasted plan (with the .docx it came from)
    r["plan"].document.save("ke-hoach.pdf", ContentFile(PDF), save=True)
    r["plan_import"] = draft = import_services.plan_import_start(
        actor=world.specialist, office=office, text=importer_docs.PASTED
    )
    draft.file.save("ke-hoach.docx", ContentFile(ZIP), save=True)
    # clubs: the founding decision and a file of an activity
    r["club"].decision_file.save("quyet-dinh.pdf", ContentFile(PDF), save=True)
    r["club_file"] = ClubActivityFile.objects.create(
        activity=r["club_activity"], file=ContentFile(PNG, name="anh.png"), caption="Ảnh", is_image=True
    )
    # training: a material and the certificate of school A's nominee
    r["material"] = CourseMaterial.objects.create(
        course=r["course"],
        title="Bài giảng",
        file=ContentFile(PDF, name="bai-giang.pdf"),
        uploaded_by=world.specialist,
    )
    r["certificate"] = Certificate.objects.create(
        nomination=r["nomination"],
        code="GCN2024A",
        holder_name=r["staff"].full_name,
        issued_on=today,
        issuer=office,
        issued_by=world.specialist,
    )
    # initiatives: an attachment of the draft; a second initiative of school A, reviewed by school A's council,
    # scored, recognised by school A's decision and therefore in the public library
    r["initiative_attachment"] = InitiativeAttachment.objects.create(
        initiative=r["initiative"],
        title="Minh chứng",
        file=ContentFile(PDF, name="minh-chung.pdf"),
        added_by=world.teacher_a,
    )
    campaign, council = r["campaign"], r["council"]
    recognised = f.InitiativeFactory(
        campaign=campaign, unit=a, status="recognised_school", submitted_at=now, recognised_on=today
    )
    f.InitiativeAuthorFactory(initiative=recognised, user=world.teacher_a)
    r["library_initiative"] = recognised
    r["review"] = Review.objects.create(
        initiative=recognised,
        council=council,
        level="school",
        criteria=campaign.criteria,
        pass_mark=campaign.pass_mark,
        started_at=now,
        started_by=world.principal_a,
    )
    r["initiative_score"] = InitiativeScore.objects.create(
        initiative=recognised,
        council=council,
        member=r["council_member"],
        values={c["key"]: c["max"] for c in campaign.criteria},
        submitted_at=now,
    )
    r["decision"] = decision = Decision.objects.create(
        campaign=campaign,
        unit=a,
        level="school",
        number="12/QĐ-THCS",
        signed_on=today,
        place="Quận 12",
        signer_name="Nguyễn Văn Hiệu",
        signer_title="Hiệu trưởng",
        issued_by=world.principal_a,
    )
    decision.initiatives.add(recognised)
    # contests: the rules, the entry's file; a second, published round where school A's entry won a prize
    r["contest"].rules_file.save("the-le.pdf", ContentFile(PDF), save=True)
    r["entry"].file.save("ho-so.pdf", ContentFile(PDF), save=True)
    r["published_round"] = published = f.ContestRoundFactory(
        contest=r["contest"], order=2, status="published", published_at=now
    )
    winner = f.EntryFactory(round=published, school=a)
    f.EntryMemberFactory(entry=winner, student=r["student"])
    r["award"] = award = Award.objects.create(entry=winner, award="nhat", rank=1)
    r["award_certificate"] = AwardCertificate.objects.create(award=award, code="HT-ABCD2345", issued_at=now)
    # a third round being judged, where the office specialist judges school A's entry
    judging = f.ContestRoundFactory(contest=r["contest"], order=3, status="judging")
    judge = f.JudgeFactory(round=judging, user=world.specialist, unit=office)
    r["judging_assignment"] = f.JudgeAssignmentFactory(
        entry=f.EntryFactory(round=judging, school=a), judge=judge
    )
    # communication: an uploaded image and a published article of school A
    r["article_image"] = ArticleImage.objects.create(
        unit=a, uploaded_by=world.coordinator_a, file=ContentFile(PNG, name="anh.png"), kind="png"
    )
    # (the cover of a published article: anyone may get it; an image no live article uses is the unit's)
    r["published_article"] = f.ArticleFactory(
        unit=a, status="published", publish_at=now, cover=r["article_image"]
    )
    # outreach: the document's file, school A's acknowledgement evidence, an office event answered by school
    # A, a banner campaign reported by school A
    r["document"].file.save("cong-van.pdf", ContentFile(PDF), save=True)
    r["acknowledgement"].evidence.save("minh-chung.pdf", ContentFile(PDF), save=True)
    r["event"] = event = Event.objects.create(
        title="Ngày hội STEM", kind="office", starts_on=today, owner_unit=office, created_by=world.specialist
    )
    r["event_response"] = EventResponse.objects.create(
        event=event,
        unit=a,
        activities="Trưng bày sản phẩm",
        participants=120,
        at=now,
        by=world.coordinator_a,
        evidence=ContentFile(PDF, name="minh-chung.pdf"),
    )
    r["calendar_token"] = CalendarToken.objects.create(
        user=world.coordinator_a, unit=a, token="lich-truong-a-0123456789abcdef"
    )
    r["banner"] = banner = BannerCampaign.objects.create(
        theme="Ngày Sách",
        banner_text="Đọc sách mỗi ngày",
        starts_on=today,
        ends_on=today,
        sender_unit=office,
        created_by=world.specialist,
    )
    banner.units.add(a)
    r["banner_report"] = BannerReport.objects.create(
        campaign=banner,
        unit=a,
        place="Cổng trường",
        hung_on=today,
        photo=ContentFile(PNG, name="bang-ron.png"),
        by=world.coordinator_a,
    )
    # programmes: an open programme, school A's enrolment and self-assessment with a file of evidence
    programme = open_programme(world)
    r["programme"] = programme
    r["criteria_set"] = programme.criteria_set
    r["assessment"] = assessment = filled(world, programme)
    r["enrolment"] = assessment.enrolment
    answer = assessment.answers.select_related("criterion").first()
    r["answer"] = answer
    r["programme_criterion"] = answer.criterion
    r["answer_evidence"] = programme_services.evidence_add(
        actor=world.coordinator_a, answer=answer, title="Ảnh", file=ContentFile(PDF, name="minh-chung.pdf")
    )
    r["reading"] = MeterReading.objects.create(
        unit=a,
        month=datetime.date(2024, 1, 1),
        electricity_kwh=1200,
        water_m3=80,
        flagged=True,
        flag_reason="Cao gấp đôi tháng trước",
        entered_by=world.coordinator_a,
    )
    # spaces: the technical model's evidence, a featured accepted space's photo for the public
    r["tech_model"].evidence.save("mo-hinh.pdf", ContentFile(PDF), save=True)
    featured = SpaceFactory(unit=a, status="accepted", is_featured=True)
    r["public_space_photo"] = SpacePhotoFactory(space=featured)
    # emulation: school A's score in the scheme; reports: a generated version
    r["school_score"] = SchoolScore.objects.create(scheme=r["scheme"], unit=a, total=10, rank=1)
    r["report_version"] = ReportVersion.objects.create(
        report=r["report"],
        number=1,
        docx=ContentFile(ZIP, name="bao-cao.docx"),
        xlsx=ContentFile(ZIP, name="phu-luc.xlsx"),
        pdf=ContentFile(PDF, name="bao-cao.pdf"),
        as_of=today,
        created_by=world.specialist,
    )
