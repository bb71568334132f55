"""The layout of an administrative document (Nghị định 30/2020/NĐ-CP) read from its paragraphs.

Header (issuing body, national motto, "Số:", place and date, type and title), legal bases ("Căn
cứ …"), a preamble, the body, a closing ("Trên đây là …"), "Nơi nhận" and the signature. The body is a
tree built from the markers that open its paragraphs, from the outermost to the innermost:

    I. / I / Phần I / Điều 1.    1. / 1)    1.1.    1.1.1.    a) / a.    "…cụ thể:"    - / – / •    +

A paragraph without a marker belongs to the innermost open item; one that ends with a colon opens
the bullets that follow it ("Tổ chức truyền thông …, cụ thể:" then "- …"). Pure functions: no database.
"""

import datetime
import re
from dataclasses import dataclass, field

from sangtao.core.text import fold

_ROMANS = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
]
_ROMAN = re.compile(r"^(?:(?:PHẦN|Phần|MỤC|Mục|CHƯƠNG|Chương)\s+)?([IVX]{1,5})(\s*[.:)\-–]\s*|\s+)(\S.*)$")
_DIEU = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d{1,3})\s*[.:\-–]?\s*(.*)$")
_MULTI = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\)?\s+(\D.*)$")
_SINGLE = re.compile(r"^(\d{1,2})\s*[.)]\s*(\D.*)$")
_LETTER = re.compile(r"^([a-zđ])\s*[).]\s+(.+)$")
_BULLET = re.compile(r"^([-–—+•·▪◦*])\s*(\S.*)$")

RANK = {"roman": 0.0, "dieu": 0.0, "letter": 4.0, "intro": 4.5, "dash": 5.0, "plus": 6.0, "plain": 7.0}
DOC_TYPES = [
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "CHƯƠNG TRÌNH",
    "HƯỚNG DẪN",
    "ĐỀ ÁN",
    "THÔNG BÁO",
    "CÔNG VĂN",
    "CHỈ THỊ",
    "PHƯƠNG ÁN",
    "KẾ HOẠCH LIÊN TỊCH",
    "CHƯƠNG TRÌNH CÔNG TÁC",
]
_DOC_TYPES_FOLDED = {fold(t): t for t in DOC_TYPES}
_NUMBER = re.compile(r"^Số\s*[:.]?\s*(.*)$", re.I)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{2,80}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", re.I
)
_SIGN_WORDS = re.compile(r"^(KT|TL|TM|Q|TUQ)\.|TRƯỞNG|GIÁM ĐỐC|HIỆU TRƯỞNG|CHỦ TỊCH|THỦ TRƯỞNG|PHÓ ")
_SIGN_NOTES = re.compile(r"^\((đã ký|ký|chữ ký|ký tên|ký, ghi rõ|ký và ghi rõ)", re.I)
_PREAMBLE_START = re.compile(r"^(Căn cứ|Thực hiện|Nhằm|Để|Theo|Trên cơ sở|Triển khai|Tiếp tục)\b")


@dataclass
class Block:
    marker: str
    label: str
    text: str
    para: int
    rank: float
    children: list["Block"] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.text


@dataclass
class ParsedDocument:
    paragraphs: list[str]
    issuer: list[str] = field(default_factory=list)
    number: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    doc_type: str = ""
    title: str = ""
    bases: list[tuple[str, int]] = field(default_factory=list)
    preamble: list[tuple[str, int]] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    closing: list[tuple[str, int]] = field(default_factory=list)
    recipients: list[tuple[str, int]] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""

    def count(self) -> int:
        def walk(blocks):
            return sum(1 + walk(b.children) for b in blocks)

        return walk(self.body)


def classify(text: str) -> tuple[str, str, str, float]:
    """(marker, label, text after the marker, rank)."""
    if m := _DIEU.match(text):
        return "dieu", m.group(1), m.group(2).strip(), RANK["dieu"]
    if (m := _ROMAN.match(text)) and m.group(1) in _ROMANS:
        rest = m.group(3).strip()
        # "I MỤC ĐÍCH" without a dot: the heading must then be in capitals.
        if m.group(2).strip() or rest[:1].isupper():
            return "roman", m.group(1), rest, RANK["roman"]
    if m := _MULTI.match(text):
        label = m.group(1)
        return "decimal", label, m.group(2).strip(), float(label.count(".") + 1)
    if m := _SINGLE.match(text):
        return "decimal", m.group(1), m.group(2).strip(), 1.0
    if m := _LETTER.match(text):
        return "letter", m.group(1), m.group(2).strip(), RANK["letter"]
    if m := _BULLET.match(text):
        marker = "plus" if m.group(1) == "+" else "dash"
        return marker, "", m.group(2).strip(), RANK[marker]
    if text.rstrip().endswith(":"):
        return "intro", "", text.strip(), RANK["intro"]
    return "plain", "", text.strip(), RANK["plain"]


def build_tree(paragraphs: list[tuple[int, str]]) -> list[Block]:
    roots: list[Block] = []
    stack: list[Block] = []
    for para, text in paragraphs:
        marker, label, rest, rank = classify(text)
        block = Block(marker, label, rest, para, rank)
        threshold = RANK["intro"] if marker in ("plain", "intro") else rank
        while stack and stack[-1].rank >= threshold:
            stack.pop()
        (stack[-1].children if stack else roots).append(block)
        if marker != "plain":
            stack.append(block)
    return roots


def _is_marker(text: str) -> bool:
    return classify(text)[0] not in ("plain", "intro")


def _is_structural(text: str) -> bool:
    return classify(text)[0] in ("roman", "dieu", "decimal")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 5
        and all(w[:1].isupper() for w in words)
        and not re.search(r"[\d:;,.()]", text)
        and not text.isupper()
    )


def _is_signer_title(text: str) -> bool:
    return text.isupper() and len(text.split()) <= 8 and bool(_SIGN_WORDS.search(text))


def parse(paragraphs: list[str]) -> ParsedDocument:
    doc = ParsedDocument(paragraphs=paragraphs)
    n = len(paragraphs)
    folded = [fold(p) for p in paragraphs]

    # Where the signature block begins: "Nơi nhận".
    recipients_at = next((i for i, f in enumerate(folded) if re.match(r"^noi nhan\b", f)), n)

    # Header: until the first "Căn cứ", structural marker or, failing those, the first long paragraph.
    header_end = 0
    while header_end < min(n, 15):
        text = paragraphs[header_end]
        if folded[header_end].startswith("can cu ") or _is_structural(text):
            break
        header_end += 1
    if header_end >= min(n, 15):
        header_end = 0
    i = 0
    type_at = None
    title_open = True
    title_lines: list[str] = []
    while i < header_end:
        text, f = paragraphs[i], folded[i]
        if f.startswith(("cong hoa xa hoi chu nghia", "doc lap")) or set(text) <= set("-_–—* "):
            pass
        elif m := _NUMBER.match(text):
            doc.number = re.sub(r"\s+", "", m.group(1)).strip("/ ")
        elif m := _PLACE_DATE.match(text):
            doc.place = m.group("place").strip()
            if m.group("d") and m.group("m"):
                try:
                    doc.issued_on = datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    doc.issued_on = None
        elif f in _DOC_TYPES_FOLDED and type_at is None:
            doc.doc_type = _DOC_TYPES_FOLDED[f]
            type_at = i
        elif type_at is None and text.isupper():
            doc.issuer.append(text)
        elif (
            type_at is not None
            and title_open
            and (
                # The line after the type is the title, whatever its first word ("Triển khai…", "Thực hiện…").
                (not title_lines and not f.startswith("can cu ") and len(text.split()) < 60)
                or (
                    title_lines
                    and len(title_lines) < 3
                    and len(text.split()) < 40
                    and not _PREAMBLE_START.match(text)
                    and not text.endswith(":")
                    and not title_lines[-1].endswith((".", ":"))
                )
            )
        ):
            title_lines.append(text)
        else:
            title_open = type_at is None
            doc.preamble.append((text, i))
        i += 1
    doc.title = " ".join(title_lines).strip()
    if not doc.title and doc.preamble and type_at is None:
        # No type line: the first line after the date that reads as a title.
        first, _para = doc.preamble[0]
        if len(first.split()) < 40 and not first.endswith(":") and not _PREAMBLE_START.match(first):
            doc.title = first
            doc.preamble = doc.preamble[1:]

    # Bases, then the preamble up to the first marker.
    i = header_end
    while i < recipients_at and folded[i].startswith("can cu "):
        doc.bases.append((paragraphs[i], i))
        i += 1
    while i < recipients_at and not _is_marker(paragraphs[i]):
        doc.preamble.append((paragraphs[i], i))
        i += 1
    body_start = i

    # The closing: from "Trên đây là" (or a last "Trong quá trình thực hiện, nếu có khó khăn…") to Nơi nhận.
    closing_at = next(
        (k for k in range(body_start, recipients_at) if folded[k].startswith("tren day la")), None
    )
    if closing_at is None:
        k = recipients_at - 1
        while (
            k >= body_start
            and not _is_marker(paragraphs[k])
            and (
                _is_signer_title(paragraphs[k])
                or _looks_like_name(paragraphs[k])
                or _SIGN_NOTES.match(paragraphs[k])
                or re.match(r"^(trong qua trinh|de nghi|yeu cau).*(kho khan|vuong mac|nghiem tuc)", folded[k])
            )
        ):
            k -= 1
        closing_at = k + 1
    tail = list(range(closing_at, recipients_at)) + list(
        range(recipients_at + 1 if recipients_at < n else n, n)
    )
    doc.body = build_tree([(k, paragraphs[k]) for k in range(body_start, closing_at)])

    # "Nơi nhận: - UBND…" may share its line with the first recipient.
    if recipients_at < n:
        rest = re.sub(r"^Nơi nhận\s*:?\s*", "", paragraphs[recipients_at], flags=re.I).strip()
        if rest:
            doc.recipients.append((rest, recipients_at))
    for k in tail:
        text = paragraphs[k]
        if _SIGN_NOTES.match(text):
            continue
        if _is_signer_title(text):
            doc.signer_title = f"{doc.signer_title} {text}".strip()
        elif k > recipients_at and (_BULLET.match(text) or folded[k].startswith("luu")):
            doc.recipients.append((text, k))
        elif _looks_like_name(text):
            doc.signer_name = text
        elif k < recipients_at:
            doc.closing.append((text, k))
    return doc


_PURPOSES = [
    ("phoi hop", "cooperate"),
    ("p/h", "cooperate"),
    ("thuc hien", "implement"),
    ("trien khai", "implement"),
    ("t/h", "implement"),
    ("bao cao", "report"),
    ("b/c", "report"),
    ("biet", "report"),
    ("theo doi", "report"),
    ("chi dao", "report"),
]


def recipient_parts(line: str) -> tuple[str, str]:
    """("UBND Q.12", "report") from "- UBND Q.12 (để báo cáo);"."""
    text = re.sub(r"^[-–—+•·▪◦*]\s*", "", line).strip().rstrip(";.,").strip()
    if fold(text).startswith("luu"):
        return text, "archive"
    purpose = ""
    m = re.search(r"\(([^)]*)\)\s*$", text)
    if m:
        inside = fold(m.group(1))
        purpose = next((p for key, p in _PURPOSES if key in inside), "")
        if purpose:
            text = text[: m.start()].strip().rstrip(";,")
    return text, purpose or "report"
