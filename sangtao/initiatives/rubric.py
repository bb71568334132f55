"""The scoring rubric of a campaign and the one formula that turns stored scores into a result.

A rubric is a list of criteria `{"key", "label", "weight", "max"}`. A council member gives each
criterion a mark from 0 to its `max` (in steps of 0.5). The result of a review is

    result = Σ_c weight_c × (mean mark_c ÷ max_c) ÷ Σ_c weight_c × 100

over the submitted scores: a number from 0 to 100 that is compared with the pass mark. The same
function computes it when the chair closes the review and whenever anyone wants to check it again,
so the result is always reproducible from the stored scores.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# The three conditions of Nghị định 13/2012/NĐ-CP, as a campaign starts: new within the unit, applied
# or trialled and able to be applied elsewhere, and bringing real benefit. Labels are stored as typed
# (Vietnamese); gettext_noop only marks them for the catalogue.
DEFAULT_CRITERIA = [
    {"key": "novelty", "label": gettext_noop("Tính mới"), "weight": 40, "max": 10},
    {"key": "applicability", "label": gettext_noop("Khả năng áp dụng, nhân rộng"), "weight": 30, "max": 10},
    {"key": "benefit", "label": gettext_noop("Hiệu quả, lợi ích"), "weight": 30, "max": 10},
]
DEFAULT_PASS_MARK = Decimal(70)
MAX_CRITERIA = 8
TWO_PLACES = Decimal("0.01")
STEP = Decimal("0.5")


def default_criteria() -> list[dict]:
    return [dict(c) for c in DEFAULT_CRITERIA]


def _number(value) -> Decimal:
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("“%(v)s” không phải là số.") % {"v": value}) from None
    if not number.is_finite():
        raise ValidationError(_("“%(v)s” không phải là số.") % {"v": value})
    return number


def validate_criteria(criteria) -> list[dict]:
    """Raise ValidationError (Vietnamese) unless `criteria` is a usable rubric; return it normalised."""
    if not isinstance(criteria, list) or not criteria:
        raise ValidationError(_("Thang điểm phải có ít nhất một tiêu chí."))
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(_("Thang điểm có tối đa %(n)d tiêu chí.") % {"n": MAX_CRITERIA})
    keys, clean = set(), []
    for i, item in enumerate(criteria, start=1):
        if not isinstance(item, dict):
            raise ValidationError(_("Tiêu chí thứ %(i)d không hợp lệ.") % {"i": i})
        key = str(item.get("key") or "").strip()
        label = str(item.get("label") or "").strip()
        if not key or not label:
            raise ValidationError(_("Tiêu chí thứ %(i)d phải có mã và tên.") % {"i": i})
        if key in keys:
            raise ValidationError(_("Mã tiêu chí “%(k)s” bị trùng.") % {"k": key})
        keys.add(key)
        weight, top = _number(item.get("weight")), _number(item.get("max"))
        if weight <= 0 or top <= 0:
            raise ValidationError(
                _("Tiêu chí “%(l)s”: trọng số và điểm tối đa phải lớn hơn 0.") % {"l": label}
            )
        clean.append({"key": key, "label": label, "weight": _plain(weight), "max": _plain(top)})
    return clean


def _plain(number: Decimal):
    """JSON keeps ints as ints and other numbers as floats (a rubric has few, simple numbers)."""
    return int(number) if number == number.to_integral_value() else float(number)


def parse_marks(criteria: list[dict], raw: dict) -> dict[str, float]:
    """A member's marks, one per criterion, checked against the rubric; ValidationError by criterion."""
    errors, marks = {}, {}
    for c in criteria:
        value = raw.get(c["key"])
        if value in (None, ""):
            errors[c["key"]] = _("Hãy cho điểm tiêu chí này.")
            continue
        try:
            number = _number(value)
        except ValidationError as exc:
            errors[c["key"]] = exc.messages[0]
            continue
        top = Decimal(str(c["max"]))
        if number < 0 or number > top:
            errors[c["key"]] = _("Điểm phải từ 0 đến %(max)s.") % {"max": _plain(top)}
        elif (number / STEP) != (number / STEP).to_integral_value():
            errors[c["key"]] = _("Điểm lẻ đến 0,5.")
        else:
            marks[c["key"]] = _plain(number)
    if errors:
        raise ValidationError(errors)
    return marks


@dataclass
class Result:
    total: Decimal | None  # 0–100, two decimals; None without any score
    count: int
    means: dict[str, Decimal] = field(default_factory=dict)  # criterion key → mean mark

    def passes(self, pass_mark) -> bool:
        return self.total is not None and self.total >= Decimal(str(pass_mark))


def aggregate(criteria: list[dict], score_values: Iterable[dict]) -> Result:
    """The rubric's weighted result of the given scores (each a {key: mark} dict)."""
    rows = list(score_values)
    if not rows:
        return Result(total=None, count=0)
    weights = sum(Decimal(str(c["weight"])) for c in criteria)
    total = Decimal(0)
    means = {}
    for c in criteria:
        marks = [Decimal(str(row.get(c["key"], 0))) for row in rows]
        mean = sum(marks, Decimal(0)) / len(rows)
        means[c["key"]] = mean.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        total += Decimal(str(c["weight"])) * mean / Decimal(str(c["max"]))
    result = (total / weights * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return Result(total=result, count=len(rows), means=means)
