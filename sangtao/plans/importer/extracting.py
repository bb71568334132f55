"""Dates, deadlines and targets written in a task's sentence.

"trước ngày 15/01/2024" and "chậm nhất ngày 15 tháng 01 năm 2024" are deadlines; "tháng 5/2024" is that
month; "quý II/2024" that quarter; "từ ngày … đến ngày …" a period; "năm học 2023–2024" the school year,
used only when nothing more precise is written. A date inside a reference to another document ("Kế
hoạch số 6735/KH-UBND ngày 27/9/2023") is not the task's. Targets are "50% trường học có câu lạc bộ"
(a share of units), "ít nhất 10 sáng kiến" (a count), and "mỗi trường có ít nhất 01 câu lạc bộ" (every
unit must reach it: a 100% share).
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from sangtao.core.text import fold
from sangtao.orgs.models import SchoolLevel

from .matching import find_school_groups, sentence_around, tokenize

_D = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_DWB = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DW = r"ngày\s+" + _DWB
_MONTH = r"tháng\s+(\d{1,2})\s*(?:/|-|\s+năm\s+)\s*(\d{4})"
_RANGE = re.compile(
    rf"từ\s+(?:ngày\s+)?(?:{_D}|{_DWB})\s*(?:đến|tới|-|–)\s*(?:ngày\s+)?(?:{_D}|{_DWB})", re.I
)
_MONTH_RANGE = re.compile(
    r"từ\s+tháng\s+(\d{1,2})(?:\s*(?:/|-|\s+năm\s+)\s*(\d{4}))?\s*(?:đến|tới|-|–)\s*" + _MONTH, re.I
)
_DATE = re.compile(rf"(?:ngày\s+)?{_D}|{_DW}", re.I)
_MONTH_ONE = re.compile(_MONTH, re.I)
_QUARTER = re.compile(r"quý\s+(IV|I{1,3}|[1-4])\s*(?:/|-|\s+năm\s+)\s*(\d{4})", re.I)
_SCHOOL_YEAR = re.compile(r"năm\s+học\s+(\d{4})\s*[-–—/]\s*(\d{4})", re.I)
_BEFORE = re.compile(
    r"(trước|chậm nhất|hạn chót|hạn|hoàn thành trong|xong trước|không quá)\s*(ngày\s*)?$", re.I
)
_REFERENCE = re.compile(r"số\s*:?\s*\d+[\w/.\-]*\s*/\s*\S+\s*$|số\s*:?\s*\d+/\S*\s+$", re.I)
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _day(d, m, y) -> datetime.date | None:
    try:
        return datetime.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def _month_end(m, y) -> datetime.date | None:
    try:
        return datetime.date(int(y), int(m), calendar.monthrange(int(y), int(m))[1])
    except (TypeError, ValueError, calendar.IllegalMonthError):
        return None


def school_year_bounds(first: int, second: int) -> tuple[datetime.date, datetime.date]:
    """The usual school year (the office may correct it in the review)."""
    return datetime.date(first, 9, 5), datetime.date(second, 5, 31)


@dataclass
class Dates:
    start: datetime.date | None = None
    end: datetime.date | None = None
    found: list[dict] = field(default_factory=list)

    def _note(self, name, value, text, span):
        self.found.append(
            {"field": name, "value": value.strftime("%d/%m/%Y"), "sentence": sentence_around(text, *span)}
        )


def find_dates(text: str) -> Dates:
    text = _nfc(text)
    out = Dates()
    taken: list[tuple[int, int]] = []

    def free(m):
        return not any(a < m.end() and m.start() < b for a, b in taken)

    def is_reference(m):
        return bool(_REFERENCE.search(text[max(0, m.start() - 40) : m.start()]))

    for m in _RANGE.finditer(text):
        g = m.groups()
        start = _day(*g[0:3]) if g[0] else _day(*g[3:6])
        end = _day(*g[6:9]) if g[6] else _day(*g[9:12])
        if start and end:
            out.start = min(out.start or start, start)
            out.end = max(out.end or end, end)
            out._note("start", start, text, m.span())
            out._note("end", end, text, m.span())
            taken.append(m.span())
    for m in _MONTH_RANGE.finditer(text):
        if not free(m):
            continue
        m1, y1, m2, y2 = m.groups()
        start = _day(1, m1, y1 or y2)
        end = _month_end(m2, y2)
        if start and end:
            out.start = min(out.start or start, start)
            out.end = max(out.end or end, end)
            out._note("start", start, text, m.span())
            out._note("end", end, text, m.span())
            taken.append(m.span())
    for m in _DATE.finditer(text):
        if not free(m) or is_reference(m):
            continue
        g = m.groups()
        day = _day(*g[0:3]) if g[0] else _day(*g[3:6])
        if day is None:
            continue
        out.end = max(out.end or day, day)
        out._note("end", day, text, m.span())
        taken.append(m.span())
    for m in _MONTH_ONE.finditer(text):
        if not free(m):
            continue
        month, year = m.groups()
        if _BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            first = _day(1, month, year)
            end = first - datetime.timedelta(days=1) if first else None
        else:
            end = _month_end(month, year)
            start = _day(1, month, year)
            if start and out.start is None:
                out.start = start
        if end:
            out.end = max(out.end or end, end)
            out._note("end", end, text, m.span())
            taken.append(m.span())
    for m in _QUARTER.finditer(text):
        if not free(m):
            continue
        q = _QUARTERS[m.group(1).upper()]
        year = int(m.group(2))
        end = _month_end(q * 3, year)
        out.start = out.start or datetime.date(year, q * 3 - 2, 1)
        out.end = max(out.end or end, end)
        out._note("end", end, text, m.span())
        taken.append(m.span())
    if out.end is None:
        m = _SCHOOL_YEAR.search(text)
        if m and int(m.group(2)) == int(m.group(1)) + 1:
            out.start, out.end = school_year_bounds(int(m.group(1)), int(m.group(2)))
            out._note("start", out.start, text, m.span())
            out._note("end", out.end, text, m.span())
    if out.start and out.end and out.start > out.end:
        out.start = None
    return out


# ── Targets ────────────────────────────────────────────────────────────────────────────────────────

_SHARE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*%")
_COUNT = re.compile(
    r"(ít nhất|tối thiểu|không ít hơn|phấn đấu(?:\s+(?:có|đạt|thực hiện|tổ chức|xây dựng))?|chỉ tiêu\s*:?)\s+"
    r"(\d{1,6})\s+(?=\D)",
    re.I,
)
_STOP = re.compile(r"[;:.()%\n]|,\s+(?=[a-zà-ỹđ])|\s+(?:và|nhằm|để|theo|trong đó|trở lên)\s+|\s+trở lên$")
_EVERY_UNIT = re.compile(r"(moi|tat ca cac|100%) (truong|don vi|co so)[\w\s]{0,40}$")
_MEASURE_NOUNS = [
    "câu lạc bộ",
    "sáng kiến",
    "sản phẩm",
    "tin bài",
    "tin, bài",
    "chuyên đề",
    "hội thi",
    "tiết dạy",
    "giáo viên",
    "học sinh",
    "đơn vị",
    "lượt",
    "mô hình",
    "đề tài",
    "bài viết",
    "lớp",
]


def _phrase(text: str) -> str:
    cut = _STOP.search(text)
    phrase = text[: cut.start()] if cut else text
    words = phrase.split()
    return " ".join(words[:18]).strip(" ,-–")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _levels_of(text: str) -> list[str]:
    tokens = tokenize(text)
    levels: set[str] = set()
    for group in find_school_groups(text, tokens, set()):
        levels |= set(group.levels)
    return sorted(levels, key=list(SchoolLevel.values).index)


def _unit_of(noun: str) -> str:
    low = noun.lower()
    for known in _MEASURE_NOUNS:
        if low.startswith(known):
            return known
    return low.split()[0] if low.split() else ""


def find_targets(text: str) -> list[dict]:
    text = _nfc(text)
    out = []
    for m in _SHARE.finditer(text):
        value = Decimal(m.group(1).replace(",", "."))
        if value > 100:
            continue
        rest = re.sub(r"^\s*(?:trở lên|số|các|tổng số)\b[\s,]*", "", text[m.end() :])
        subject = _phrase(rest)
        before = text[max(0, m.start() - 160) : m.start()]
        if len(subject.split()) < 2:
            # "tỷ lệ học sinh tham gia đạt 80% trở lên": the subject comes before the number.
            found = re.search(r"tỷ lệ\s+(.{3,140}?)\s+(?:đạt|là|từ|trên)\s*(?:từ\s+|trên\s+)?$", before, re.I)
            if not found:
                continue
            subject = found.group(1)
        direction = "down" if re.search(r"(giảm|không quá|dưới|tối đa)\s*(còn\s*)?$", before, re.I) else "up"
        out.append(
            {
                "name": _capital(subject)[:300],
                "target": str(value.normalize() if value % 1 else int(value)),
                "measure": "share",
                "unit_of_measure": "%",
                "levels": _levels_of(f"{m.group(0)} {subject}"),
                "direction": direction,
                "sentence": sentence_around(text, m.start(), m.end()),
            }
        )
    for m in _COUNT.finditer(text):
        noun = _phrase(text[m.end() :])
        if not noun or noun[0].isdigit():
            continue
        value = int(m.group(2))
        before = fold(text[max(0, m.start() - 60) : m.start()])
        if _EVERY_UNIT.search(before):
            who = _EVERY_UNIT.search(before).group(2)
            name = {"truong": "Trường", "don vi": "Đơn vị", "co so": "Cơ sở"}[who]
            out.append(
                {
                    "name": f"{name} có {m.group(1).lower()} {m.group(2)} {noun}"[:300],
                    "target": "100",
                    "measure": "share",
                    "unit_of_measure": "%",
                    "levels": _levels_of(text[max(0, m.start() - 60) : m.start()]),
                    "direction": "up",
                    "sentence": sentence_around(text, m.start(), m.end()),
                }
            )
            continue
        out.append(
            {
                "name": _capital(noun)[:300],
                "target": str(value),
                "measure": "count",
                "unit_of_measure": _unit_of(noun)[:40],
                "levels": [],
                "direction": "up",
                "sentence": sentence_around(text, m.start(), m.end()),
            }
        )
    return out
