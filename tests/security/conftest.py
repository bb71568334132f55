"""One record of each kind for school A (and the office records they hang on), for the security tests."""

import datetime

import pytest
from django.core.files.base import ContentFile

from sangtao.emulation.tests.factories import ManualCriterionFactory, SchemeFactory
from sangtao.honours.tests.factories import CommendationFactory, ProposalFactory, ProposalItemFactory
from sangtao.reports.tests.factories import ReportFactory
from sangtao.spaces.tests.factories import SpaceFactory, SpacePhotoFactory, TechModelFactory
from sangtao.testing import factories as f


@pytest.fixture
def records(world):
    """kind → a record of school A (or the office's parent record a school A record hangs on)."""
    a, office = world.school_a, world.office
    r = {}
    r["user"] = world.teacher_a
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
    return r
