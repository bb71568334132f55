"""Creative spaces in a real browser, at phone and desktop size: a school adds its STEM room with a photo
taken on the phone, the office accepts and features it, and it appears on the public page."""

import random

import pytest
from playwright.sync_api import expect

from sangtao.plans.demo import _png
from sangtao.spaces.models import Space
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_school_adds_a_space_with_a_photo_and_the_office_features_it(
    e2e_world, live_server, page, tmp_path
):
    photo = tmp_path / "phong-stem.png"
    photo.write_bytes(_png(random.Random(7)))

    login(page, live_server, "coordinator_a")
    page.goto(f"{live_server.url}/spaces/new/")
    page.select_option("select[name=kind]", value="stem_room")
    page.fill("input[name=name]", "Phòng STEM – Khoa học tự nhiên")
    page.fill("input[name=area_m2]", "72")
    page.fill("input[name=opened_on]", "05/09/2023")
    page.fill("input[name=users]", "Học sinh khối 6–9")
    page.set_input_files("input[name=photo]", str(photo))
    page.fill("input[name=caption]", "Học sinh thực hành cảm biến")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận không gian sáng tạo")).to_be_visible()
    expect(page.locator("#record-status")).to_have_text("Chờ Phòng xem xét")
    assert page.locator(".photos img").count() == 1
    space = Space.objects.get()
    page.context.clear_cookies()

    login(page, live_server, "specialist")
    page.goto(f"{live_server.url}/spaces/{space.pk}/")
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.locator("#record-status")).to_have_text("Đã ghi nhận")
    page.get_by_role("button", name="Giới thiệu công khai").click()
    assert page.locator("#featured-badge").is_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/news/")
    page.get_by_role("link", name="Không gian sáng tạo tiêu biểu").click()
    featured = page.locator("#featured-spaces")
    assert "Phòng STEM – Khoa học tự nhiên" in featured.inner_text()
    image = featured.locator("img").first
    image.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    shot(page, f"spaces-featured-{page.device}")
    assert_accessible(page)


def test_a_school_attaches_its_space_to_its_assignment(e2e_world, live_server, page):
    from sangtao.spaces.tests.factories import SpaceFactory
    from sangtao.testing.factories import AssignmentFactory, IndicatorFactory, PlanFactory, TaskFactory

    world = e2e_world
    plan = PlanFactory(issuing_unit=world.office)
    task = TaskFactory(plan=plan, title="Xây dựng không gian sáng tạo")
    IndicatorFactory(plan=plan, task=task, source_key="spaces.schools_with_space")
    assignment = AssignmentFactory(task=task, unit=world.school_a)
    space = SpaceFactory(unit=world.school_a, name="Phòng Robotics")
    login(page, live_server, "coordinator_a")
    page.goto(f"{live_server.url}/spaces/{space.pk}/")
    page.get_by_label("Gắn làm minh chứng cho nhiệm vụ của trường").select_option(str(assignment.pk))
    page.get_by_role("button", name="Gắn làm minh chứng").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("#attached a").first.click()
    page.wait_for_load_state()
    link = page.locator("#evidence a", has_text="Không gian sáng tạo: Phòng Robotics")
    assert link.get_attribute("href") == f"/spaces/{space.pk}/"
