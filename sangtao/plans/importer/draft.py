"""The proposed plan as JSON, and the corrections a reviewer makes to it (pure functions, no database).

A proposal is a dict:

    header      number, issued_on (ISO), place, title, year, preamble, closing, signer_name, signer_title,
                default_start / default_end (dates of a task that names none), issuer
    bases       [{id, text, para}]
    recipients  [{id, label, purpose, unit, para, source}]
    nodes       a tree of {id, kind ("section" | "task"), label, auto, number, title, description, para,
                source, lead, partners, implementing, levels, start, end, expected_output, found, children}
    indicators  [{id, node, name, target, measure, unit_of_measure, levels, direction, accepted, sentence, para}]
    warnings    [str]

`levels` is None when no rule applies (the office's own duty, a task that only groups subtasks) and a
list of school levels otherwise. `found` lists what the importer proposed and the sentence it came from.
Numbers: `label` is the item's own number ("I", "1", "a"); `auto` labels follow the position and are
recomputed after every move; `number` is the full number shown ("II.2.1.a" for a task, the label for a section).
"""

import datetime
import re

from django.utils.translation import gettext as _

from sangtao.core.text import fold
from sangtao.orgs.models import SchoolLevel

from .extracting import find_dates, find_targets, school_year_bounds
from .matching import Registry, analyse_units, find_school_groups, find_units, tokenize
from .parsing import Block, ParsedDocument, recipient_parts

_LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
]


_ATTRIBUTE = re.compile(
    r"^(Thời gian|Thời hạn|Địa điểm|Thành phần|Đối tượng|Kinh phí|Sản phẩm(?: dự kiến)?|"
    r"Hình thức)\s*:\s*(.*)$",
    re.I,
)


class DraftError(Exception):
    """A correction that cannot be made (the message is shown as it is)."""


def summarise(text: str, limit: int = 200) -> str:
    """A task's title: its first sentence, shortened at a word boundary."""
    text = text.strip().rstrip(":;.").strip()
    first = re.split(r"(?<=[.;])\s+|:\s+(?=[a-zà-ỹđ“\"])", text, maxsplit=1)[0].rstrip(".;:").strip()
    if len(first) <= limit:
        return first
    cut = first[: limit - 10].rsplit(" ", 1)[0].rstrip(",;–- ")
    return f"{cut}…"


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.;!?])\s+(?=\S)", text.strip())
    return [p for p in parts if p.strip()]


class _Ids:
    def __init__(self, prefix: str, start: int = 0):
        self.prefix = prefix
        self.n = start

    def __call__(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n}"


def next_id(proposal: dict, prefix: str) -> str:
    used = set()

    def walk(nodes):
        for node in nodes:
            used.add(node["id"])
            walk(node["children"])

    walk(proposal["nodes"])
    used |= {i["id"] for i in proposal["indicators"]}
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


# ── From the parsed document to a proposal ─────────────────────────────────────────────────────────


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _plan_year(title: str, issued_on: datetime.date | None) -> tuple[int | None, tuple | None]:
    if m := re.search(r"năm\s+học\s+(\d{4})\s*[-–—/]\s*(\d{4})", title, re.I):
        first, second = int(m.group(1)), int(m.group(2))
        return first, school_year_bounds(first, second)
    years = [int(y) for y in re.findall(r"\bnăm\s+(\d{4})\b", title, re.I)]
    if years:
        return years[-1], None
    return (issued_on.year if issued_on else None), None


def _node_kind(block: Block) -> str:
    if block.marker in ("roman", "dieu"):
        # "Điều 2. Tổ Mầm non tham mưu tổ chức …" is a task in itself; "IV. KINH PHÍ" an empty section.
        return "task" if not block.children and len(block.text.split()) >= 10 else "section"
    if not block.children:
        return "task"
    if block.marker in ("intro", "dash", "plus"):
        return "task"
    # "1. Nâng cao năng lực …" over paragraphs is a section; "a) Tổ chức …, cụ thể:" over bullets a task.
    return "task" if block.text.endswith(":") and len(block.text.split()) >= 8 else "section"


class _Builder:
    def __init__(self, parsed: ParsedDocument, registry: Registry):
        self.parsed = parsed
        self.registry = registry
        self.ids = _Ids("n")
        self.indicator_ids = _Ids("i")
        self.indicators: list[dict] = []
        self.default_levels: list[str] = registry.levels_present

    def section_context(self, text: str, context: dict) -> dict:
        """What a section's title says about the tasks under it: the office's own duties, a team that
        leads them, or a group of schools that carries them out."""
        tokens = tokenize(text)
        mentions = find_units(text, self.registry, tokens)
        office = [m.unit for m in mentions if m.unit.is_office_side]
        covered = {i for m in mentions for i in range(m.first, m.last + 1)}
        groups = find_school_groups(text, tokens, covered)
        context = dict(context)
        if office and not groups:
            context["office_duty"] = True
            team = next((u for u in office if not u.is_office), None)
            if team:
                context["lead"] = team.pk
        elif groups:
            levels = set()
            every = False
            for g in groups:
                every = every or not g.levels
                levels |= set(g.levels)
            context["levels"] = [] if every else sorted(levels, key=list(SchoolLevel.values).index)
            context["office_duty"] = False
        return context

    def node(self, block: Block, context: dict) -> dict | None:
        kind = _node_kind(block)
        paragraph = self.parsed.paragraphs[block.para]
        node = {
            # "1." and "a)" follow the position (a split or a move renumbers them); "2.1" or "IV" stay.
            "id": self.ids(),
            "kind": kind,
            "label": block.label,
            "number": "",
            "auto": not block.label or bool(re.fullmatch(r"\d{1,2}|[a-zđ]", block.label)),
            "letter": block.marker == "letter",
            "title": "",
            "description": "",
            "para": block.para,
            "source": paragraph,
            "lead": None,
            "partners": [],
            "implementing": [],
            "levels": None,
            "start": None,
            "end": None,
            "expected_output": "",
            "found": [],
            "children": [],
        }
        if kind == "section":
            node["title"] = block.text.rstrip(":").strip()[:500]
            inner = self.section_context(block.text, context)
            for child in block.children:
                if child.marker == "intro" and not child.children:
                    # "Năm học này tập trung vào các nhiệm vụ sau:" introduces the section, it is no task.
                    node["description"] = f"{node['description']}\n{child.text}".strip()
                    continue
                made = self.node(child, inner)
                if made:
                    node["children"].append(made)
            return node
        node["title"] = summarise(block.text)
        node["description"] = block.text
        units = analyse_units(block.text, self.registry)
        node["found"] = units.found
        node["lead"] = units.lead if units.lead is not None else context.get("lead")
        if units.lead is None and context.get("lead"):
            node["found"].append(
                {
                    "field": "lead",
                    "unit": context["lead"],
                    "text": "",
                    "sentence": context.get("lead_sentence", ""),
                }
            )
        children = [c for c in block.children if not self.attribute(c, node)]
        node["partners"] = [pk for pk in units.partners if pk != node["lead"]]
        node["implementing"] = [] if children else units.implementing
        if children:
            node["levels"] = None  # the subtasks carry the work
        elif context.get("office_duty"):
            node["levels"] = None
        elif units.levels is not None:
            node["levels"] = units.levels or list(self.default_levels_all)
        elif units.implementing:
            node["levels"] = None
        elif "levels" in context:
            node["levels"] = context["levels"] or list(self.default_levels_all)
        else:
            node["levels"] = list(self.default_levels)
        dates = find_dates(node["description"])
        node["start"], node["end"] = _iso(dates.start), _iso(dates.end)
        node["found"] += dates.found
        for target in find_targets(block.text):
            self.indicators.append(
                {
                    "id": self.indicator_ids(),
                    "node": node["id"],
                    "accepted": True,
                    "para": block.para,
                    **target,
                }
            )
        for child in children:
            made = self.node(child, {**context, "parent_task": True})
            if made:
                node["children"].append(made)
        return node

    def attribute(self, block: Block, node: dict) -> bool:
        """ "Thời gian: …", "Địa điểm: …", "Sản phẩm: …" under a task describe it; they are no subtasks."""
        m = _ATTRIBUTE.match(block.text)
        if not m or block.children:
            return False
        node["description"] = f"{node['description']}\n{block.text}"
        if fold(m.group(1)).startswith("san pham"):
            node["expected_output"] = m.group(2).strip()
        return True

    @property
    def default_levels_all(self) -> list[str]:
        return self.registry.levels_present

    def recipients(self) -> list[dict]:
        out = []
        implement_levels: set[str] = set()
        every = False
        for k, (line, para) in enumerate(self.parsed.recipients, start=1):
            label, purpose = recipient_parts(line)
            mentions = find_units(label, self.registry)
            unit = mentions[0].unit.pk if len(mentions) == 1 and purpose != "archive" else None
            out.append(
                {
                    "id": f"r{k}",
                    "label": label[:255],
                    "purpose": purpose,
                    "unit": unit,
                    "para": para,
                    "source": line,
                }
            )
            if purpose == "implement":
                for group in find_school_groups(label, tokenize(label), set()):
                    every = every or not group.levels
                    implement_levels |= set(group.levels)
        if implement_levels and not every:
            self.default_levels = sorted(implement_levels, key=list(SchoolLevel.values).index)
        return out

    def build(self) -> dict:
        parsed = self.parsed
        recipients = self.recipients()
        nodes = [n for n in (self.node(b, {}) for b in parsed.body) if n]
        year, school_year = _plan_year(parsed.title, parsed.issued_on)
        if school_year:
            default_start, default_end = school_year
        elif year:
            default_start = parsed.issued_on if parsed.issued_on and parsed.issued_on.year <= year else None
            default_start = default_start or datetime.date(year, 1, 1)
            default_end = datetime.date(year, 12, 31)
        else:
            default_start = default_end = None
        proposal = {
            "header": {
                "issuer": parsed.issuer,
                "doc_type": parsed.doc_type,
                "number": parsed.number[:60],
                "issued_on": _iso(parsed.issued_on),
                "place": parsed.place[:80],
                "title": parsed.title[:500],
                "year": year,
                "preamble": "\n".join(t for t, _p in parsed.preamble),
                "closing": "\n".join(t for t, _p in parsed.closing),
                "signer_name": parsed.signer_name[:120],
                "signer_title": parsed.signer_title[:120],
                "default_start": _iso(default_start),
                "default_end": _iso(default_end),
            },
            "bases": [
                {"id": f"b{k}", "text": t, "para": p} for k, (t, p) in enumerate(parsed.bases, start=1)
            ],
            "recipients": recipients,
            "nodes": nodes,
            "indicators": self.indicators,
            "warnings": [],
        }
        renumber(proposal)
        proposal["warnings"] = warnings(proposal)
        return proposal


def build_proposal(parsed: ParsedDocument, registry: Registry) -> dict:
    return _Builder(parsed, registry).build()


def warnings(proposal: dict) -> list[str]:
    header = proposal["header"]
    out = []
    if not header["number"]:
        out.append(_("Không tìm thấy số, ký hiệu của văn bản (dòng “Số: …”)."))
    if not header["issued_on"]:
        out.append(_("Không tìm thấy ngày ban hành (dòng “…, ngày … tháng … năm …”)."))
    if not header["title"]:
        out.append(_("Không tìm thấy trích yếu (tên) của kế hoạch."))
    if not proposal["recipients"]:
        out.append(_("Không tìm thấy phần “Nơi nhận”."))
    tasks = list(iter_nodes(proposal["nodes"], kind="task"))
    without_lead = [n for n in tasks if n["lead"] is None]
    if without_lead:
        out.append(
            _("%(n)d/%(total)d nhiệm vụ chưa có đơn vị chủ trì: văn bản không nêu, hãy chọn khi rà soát.")
            % {"n": len(without_lead), "total": len(tasks)}
        )
    return out


# ── Walking and numbering ──────────────────────────────────────────────────────────────────────────


def iter_nodes(nodes: list[dict], *, kind: str | None = None, depth: int = 0, parent: dict | None = None):
    for node in nodes:
        if kind is None or node["kind"] == kind:
            yield node
        yield from iter_nodes(node["children"], kind=kind, depth=depth + 1, parent=node)


def flatten(nodes: list[dict], depth: int = 0) -> list[tuple[dict, int]]:
    out = []
    for node in nodes:
        out.append((node, depth))
        out.extend(flatten(node["children"], depth + 1))
    return out


def renumber(proposal: dict) -> None:
    def walk(nodes, parent, chain):
        under_task = parent is not None and parent["kind"] == "task"
        letters = any(n.get("letter") for n in nodes) or (
            under_task and not re.fullmatch(r"[a-zđ]", parent["label"] or "")
        )
        for position, node in enumerate(nodes, start=1):
            if node.get("auto", True) or not node.get("label"):
                node["auto"] = True
                node["label"] = _LETTERS[(position - 1) % len(_LETTERS)] if letters else str(position)
            own = node["label"].split(".")[-1]
            if node["kind"] == "section":
                node["number"] = node["label"][:20]
                walk(node["children"], node, f"{chain}.{own}" if chain else own)
            else:
                prefix = parent["number"] if under_task else chain
                node["number"] = (f"{prefix}.{own}" if prefix else own)[:20]
                walk(node["children"], node, node["number"])

    walk(proposal["nodes"], None, "")


# ── Corrections ────────────────────────────────────────────────────────────────────────────────────


def _locate(nodes: list[dict], node_id: str, parent: dict | None = None):
    for index, node in enumerate(nodes):
        if node["id"] == node_id:
            return node, nodes, index, parent
        found = _locate(node["children"], node_id, node)
        if found:
            return found
    return None


def locate(proposal: dict, node_id: str):
    found = _locate(proposal["nodes"], node_id)
    if not found:
        raise DraftError(_("Không tìm thấy mục này trong bản nháp (có thể đã bị gộp hoặc bỏ)."))
    return found


def node_move(proposal: dict, node_id: str, direction: str) -> None:
    node, siblings, index, parent = locate(proposal, node_id)
    if direction == "up":
        if index == 0:
            raise DraftError(_("Mục này đã ở đầu nhóm."))
        siblings[index - 1], siblings[index] = siblings[index], siblings[index - 1]
    elif direction == "down":
        if index == len(siblings) - 1:
            raise DraftError(_("Mục này đã ở cuối nhóm."))
        siblings[index + 1], siblings[index] = siblings[index], siblings[index + 1]
    elif direction == "indent":
        if index == 0:
            raise DraftError(_("Không có mục nào phía trên cùng cấp để đưa mục này vào."))
        new_parent = siblings[index - 1]
        siblings.pop(index)
        new_parent["children"].append(node)
        if new_parent["kind"] == "task":
            new_parent["levels"] = None
    elif direction == "outdent":
        if parent is None:
            raise DraftError(_("Mục này đã ở cấp ngoài cùng."))
        siblings.pop(index)
        _n, grand_siblings, parent_index, _gp = locate(proposal, parent["id"])
        grand_siblings.insert(parent_index + 1, node)
    else:
        raise DraftError(_("Thao tác không hợp lệ."))
    renumber(proposal)


def node_merge(proposal: dict, node_id: str) -> None:
    """Merge a task into the one above it: one task, both texts, every unit and subtask of both."""
    node, siblings, index, _parent = locate(proposal, node_id)
    if index == 0:
        raise DraftError(_("Không có mục nào phía trên cùng cấp để gộp vào."))
    target = siblings[index - 1]
    if target["kind"] != node["kind"]:
        raise DraftError(_("Chỉ gộp được hai nhiệm vụ, hoặc hai mục, liền nhau."))
    target["description"] = "\n".join(t for t in (target["description"], node["description"]) if t)
    if target["kind"] == "section" and not target["description"] and node["title"]:
        target["title"] = f"{target['title']}; {node['title']}"[:500]
    if target["lead"] is None:
        target["lead"] = node["lead"]
    for key in ("partners", "implementing"):
        target[key] = list(dict.fromkeys(target[key] + [pk for pk in node[key] if pk != target["lead"]]))
    if target["levels"] is not None or node["levels"] is not None:
        target["levels"] = sorted(
            set(target["levels"] or []) | set(node["levels"] or []), key=list(SchoolLevel.values).index
        )
    target["start"] = min(filter(None, [target["start"], node["start"]]), default=None)
    target["end"] = max(filter(None, [target["end"], node["end"]]), default=None)
    target["found"] = target["found"] + node["found"]
    target["children"] += node["children"]
    target["source"] = f"{target['source']}\n{node['source']}"
    siblings.pop(index)
    for indicator in proposal["indicators"]:
        if indicator["node"] == node_id:
            indicator["node"] = target["id"]
    renumber(proposal)


def node_split(proposal: dict, node_id: str, at: int, registry: Registry) -> dict:
    """Cut a task's text before its sentence number `at` (1-based); the second part becomes a new task
    just below, with its own units, dates and targets read from its sentences."""
    node, siblings, index, _parent = locate(proposal, node_id)
    if node["kind"] != "task":
        raise DraftError(_("Chỉ tách được nhiệm vụ."))
    sentences = split_sentences(node["description"])
    if not 1 <= at < len(sentences):
        raise DraftError(_("Hãy chọn câu bắt đầu phần tách ra (không phải câu đầu tiên)."))
    first, second = " ".join(sentences[:at]), " ".join(sentences[at:])
    node["description"] = first
    if node["title"] == summarise(" ".join(sentences)) or not node["title"]:
        node["title"] = summarise(first)
    units = analyse_units(second, registry)
    dates = find_dates(second)
    new = {
        "id": next_id(proposal, "n"),
        "kind": "task",
        "label": "",
        "auto": True,
        "number": "",
        "title": summarise(second),
        "description": second,
        "para": node["para"],
        "source": node["source"],
        "lead": units.lead if units.lead is not None else node["lead"],
        "partners": units.partners,
        "implementing": units.implementing,
        "levels": (units.levels or list(registry.levels_present))
        if units.levels is not None
        else node["levels"],
        "start": _iso(dates.start),
        "end": _iso(dates.end),
        "expected_output": "",
        "found": units.found + dates.found,
        "children": [],
    }
    siblings.insert(index + 1, new)
    for indicator in proposal["indicators"]:
        if (
            indicator["node"] == node_id
            and fold(indicator["sentence"])
            and fold(indicator["sentence"]) in fold(second)
        ):
            indicator["node"] = new["id"]
    renumber(proposal)
    return new


def node_remove(proposal: dict, node_id: str) -> None:
    node, siblings, index, _parent = locate(proposal, node_id)
    gone = {n["id"] for n in iter_nodes([node])}
    siblings.pop(index)
    for indicator in proposal["indicators"]:
        if indicator["node"] in gone:
            indicator["node"] = None
    renumber(proposal)


def node_update(proposal: dict, node_id: str, **fields) -> None:
    node, _siblings, _index, _parent = locate(proposal, node_id)
    if "label" in fields:
        label = (fields.pop("label") or "").strip()
        node["auto"] = not label
        node["label"] = label
    for key, value in fields.items():
        node[key] = value
    if node["kind"] == "section":
        for key in ("lead", "start", "end"):
            node[key] = None
        node["partners"], node["implementing"], node["levels"] = [], [], None
    renumber(proposal)


def node_choices(proposal: dict) -> list[tuple[str, str]]:
    return [(n["id"], f"{n['number']}. {n['title'][:80]}") for n, _d in flatten(proposal["nodes"])]
