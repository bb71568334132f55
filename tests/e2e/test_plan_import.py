"""A specialist uploads a plan as .docx, corrects one task beside the document and creates the plan."""

import pytest

from sangtao.plans.models import Plan
from sangtao.plans.tests.importer_docs import docx_bytes, stem_day_text
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_docx_is_reviewed_corrected_and_becomes_a_plan(e2e_world, live_server, page, tmp_path):
    document = tmp_path / "ke-hoach-ngay-hoi-stem.docx"
    document.write_bytes(docx_bytes(stem_day_text()))
    login(page, live_server, "specialist")
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="Nhập từ văn bản").click()
    page.get_by_role("link", name="Nhập văn bản mới").click()
    page.locator("#id_file").set_input_files(str(document))
    page.get_by_role("button", name="Đọc văn bản").click()

    page.get_by_role("heading", name="Rà soát bản nhập kế hoạch").wait_for()
    assert page.locator("#p-0").is_visible()  # the document beside the draft
    task = page.locator("article.import-node", has_text="Các trường mầm non tổ chức ngày hội")
    assert "mọi trường cấp Mầm non" in task.inner_text()
    shot(page, f"import-review-{page.device}")
    assert_accessible(page)
    if page.device == "phone":  # the two panes stack: the document first, the draft below it
        doc_box = page.locator(".import-doc").bounding_box()
        draft_box = page.locator(".import-draft").bounding_box()
        assert draft_box["y"] >= doc_box["y"] + doc_box["height"] - 1

    task.get_by_role("link", name="Sửa, tách").click()
    page.locator("#id_title").fill("Ngày hội “Bé vui khám phá” ở các trường mầm non")
    page.locator("#id_lead").select_option(label="Tổ Mầm non")
    page.get_by_role("button", name="Lưu", exact=True).click()
    corrected = page.locator(
        "article.import-node", has_text="Ngày hội “Bé vui khám phá” ở các trường mầm non"
    )
    assert "Tổ Mầm non" in corrected.inner_text()

    page.get_by_role("button", name="Tạo kế hoạch").click()
    page.get_by_text("Đã tạo kế hoạch 112/KH-GDĐT").wait_for()
    plan = Plan.objects.get(number="112/KH-GDĐT")
    task = plan.tasks.get(title="Ngày hội “Bé vui khám phá” ở các trường mầm non")
    assert task.lead_unit == e2e_world.team_mn
    assert task.implementing_rule["levels"] == ["MN"]
    Plan.objects.all().delete()  # the phone and desktop runs each create it
