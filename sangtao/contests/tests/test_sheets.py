"""The scoresheet export: one row per judge and entry, points by criterion label."""

from types import SimpleNamespace

from sangtao.contests import sheets


def test_score_rows_name_the_criteria_and_leave_unsubmitted_totals_empty():
    criteria = [SimpleNamespace(pk=1, label="Ý tưởng"), SimpleNamespace(pk=2, label="Sản phẩm")]
    entry = SimpleNamespace(
        category=SimpleNamespace(name="Kỹ thuật"), title="Đèn học", school=SimpleNamespace(name="A")
    )
    judge = SimpleNamespace(user="Giám khảo C", unit=SimpleNamespace(name="THCS C"))
    done = SimpleNamespace(
        entry_id=1,
        entry=entry,
        judge=judge,
        score=SimpleNamespace(points={"1": 8, "2": 9}, total=17, comment="", submitted_at=None),
    )
    (row,) = sheets.score_rows([done], criteria)
    assert row["points"] == "Ý tưởng: 8; Sản phẩm: 9" and row["total"] is None
