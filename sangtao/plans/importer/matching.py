"""Which units a sentence names, and as what: lead (chủ trì), partner (phối hợp) or implementer.

Names are compared as folded words (no accents, lower case, đ → d, punctuation dropped, "và"
ignored) after the usual abbreviations are spelled out (UBND, GD&ĐT, TN&MT, TĐKT, Q.12, MN, TH,
THCS, ĐVTN…), so "UBND Q.12" finds "Ủy ban nhân dân Quận 12" and "phòng Tài nguyên môi trường" finds
"Phòng Tài nguyên và Môi trường Quận 12". A list that drops the repeated word ("Tổ Mầm non, Phổ
thông") names both teams. Groups of schools ("các trường tiểu học và trung học cơ sở", "các trường MN,
TH, THCS và ĐVTN") become a rule on school levels rather than a list of names.
"""

import re
from dataclasses import dataclass, field

from sangtao.core.text import fold
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, SchoolLevel, UnitKind

LEAD, PARTNER, IMPLEMENTING = "lead", "partner", "implementing"

# Spelled-out forms of the abbreviations found in plans, on folded words.
_SINGLE = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "gddt": "giao duc dao tao",
    "tnmt": "tai nguyen moi truong",
    "tdkt": "thi dua khen thuong",
    "hcth": "hanh chinh tong hop",
    "mn": "mam non",
    "th": "tieu hoc",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "dvtn": "don vi truc thuoc",
    "tp": "thanh pho",
    "q": "quan",
    "khcn": "khoa hoc cong nghe",
    "vhtt": "van hoa thong tin",
    "ldtbxh": "lao dong thuong binh xa hoi",
    "tckh": "tai chinh ke hoach",
    "gdnn": "giao duc nghe nghiep",
    "gdtx": "giao duc thuong xuyen",
    "tt": "trung tam",
}
_PAIRS = {
    ("gd", "dt"): "giao duc dao tao",
    ("tn", "mt"): "tai nguyen moi truong",
    ("td", "kt"): "thi dua khen thuong",
    ("kh", "cn"): "khoa hoc cong nghe",
    ("vh", "tt"): "van hoa thong tin",
    ("tc", "kh"): "tai chinh ke hoach",
    ("ld", "tbxh"): "lao dong thuong binh xa hoi",
    ("hc", "th"): "hanh chinh tong hop",
}
_DROPPED = {"va"}
_KIND_PREFIXES = [("bo", "phan"), ("to",), ("phong",), ("truong",), ("trung", "tam")]
_LOCALITY = {"quan", "huyen", "thi", "thanh", "tinh", "phuong", "xa"}

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Token:
    word: str
    start: int  # span in the original text
    end: int
    sep: str = ""  # the original text between the previous word and this one
    after_and: bool = False  # a dropped "và" stood just before


def tokenize(text: str) -> list[Token]:
    raw = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[Token] = []
    i = 0
    previous_end = 0
    after_and = False
    while i < len(raw):
        word, start, end = raw[i]
        sep = text[previous_end:start]
        folded = fold(word)
        pair = (folded, fold(raw[i + 1][0])) if i + 1 < len(raw) else None
        if pair in _PAIRS and text[end : raw[i + 1][1]].strip() in {"&", "-", "–", "/", ""}:
            words = _PAIRS[pair].split()
            end = raw[i + 1][2]
            i += 1
        elif folded in _DROPPED:
            after_and = True
            previous_end = end
            i += 1
            continue
        elif m := re.fullmatch(r"q(\d+)", folded):
            words = ["quan", m.group(1)]
        else:
            words = _SINGLE.get(folded, folded).split()
        for k, w in enumerate(words):
            out.append(Token(w, start, end, sep if k == 0 else "", after_and and k == 0))
        after_and = False
        previous_end = end
        i += 1
    return out


def words_of(text: str) -> tuple[str, ...]:
    return tuple(t.word for t in tokenize(text))


@dataclass(frozen=True)
class UnitRef:
    pk: int
    name: str
    kind: str
    level: str
    is_office: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def is_office_side(self) -> bool:
        """The importing office or one of its teams: may lead a task."""
        return self.is_office or self.kind == UnitKind.TEAM

    @property
    def is_school(self) -> bool:
        return self.kind in IMPLEMENTING_KINDS


@dataclass
class Mention:
    unit: UnitRef
    first: int  # token indexes
    last: int
    start: int  # character span
    end: int
    role: str = ""
    explicit: bool = False  # the role came from the wording ("phối hợp với", "chủ trì"), not a default


@dataclass
class SchoolGroup:
    levels: list[str]  # empty: every level
    start: int
    end: int


@dataclass
class Registry:
    """The units a plan of `office` may name, with every alias of each (pure: no database access)."""

    units: list[UnitRef]
    levels_present: list[str]
    aliases: dict[str, list[tuple[tuple[str, ...], UnitRef]]] = field(default_factory=dict)

    def __post_init__(self):
        for alias, unit in self._alias_pairs():
            if alias:
                self.aliases.setdefault(alias[0], []).append((alias, unit))
        for entries in self.aliases.values():
            # Longest first; on a tie, the unit closest to the office (teams before far agencies).
            entries.sort(key=lambda e: (-len(e[0]), not e[1].is_office_side))

    def _alias_pairs(self):
        seen = set()
        for unit in self.units:
            for name in unit.aliases:
                words = words_of(name)
                variants = {words}
                # "… Quận 12" is usually written without the district: "phòng Kinh tế", "Quận đoàn".
                cut = max((k for k, w in enumerate(words) if w in _LOCALITY and k > 0), default=None)
                if cut is not None and unit.kind != UnitKind.OBSERVER and cut >= 2:
                    variants.add(words[:cut])
                    variants.add(words[: cut + 1])
                if cut is not None and unit.kind == UnitKind.OBSERVER:
                    variants.add(words[: cut + 1])
                # "Bộ phận Đoàn – Đội" is also "Bộ phận phụ trách Đoàn, Đội".
                for prefix in (("bo", "phan"), ("to",)):
                    if words[: len(prefix)] == prefix:
                        variants.add(prefix + ("phu", "trach") + words[len(prefix) :])
                for variant in variants:
                    if len(variant) >= 2 and (variant, unit.pk) not in seen:
                        seen.add((variant, unit.pk))
                        yield variant, unit

    @classmethod
    def for_office(cls, office: OrgUnit) -> "Registry":
        """The office's tree and the agencies beside it under the same parent (two queries)."""
        top = office.parent.path if office.parent_id else office.path
        rows = (
            OrgUnit.objects.active()
            .filter(path__startswith=top)
            .values_list("pk", "name", "short_name", "kind", "level", "path")
        )
        units = []
        levels = set()
        for pk, name, short_name, kind, level, path in rows:
            below = path.startswith(office.path)
            if not below and kind in IMPLEMENTING_KINDS:
                continue  # another office's schools
            units.append(
                UnitRef(
                    pk=pk,
                    name=name,
                    kind=kind,
                    level=level,
                    is_office=pk == office.pk,
                    aliases=tuple(a for a in (name, short_name) if a),
                )
            )
            if below and kind in IMPLEMENTING_KINDS and level:
                levels.add(level)
        order = list(SchoolLevel.values)
        return cls(units=units, levels_present=sorted(levels, key=order.index))

    def by_pk(self, pk) -> UnitRef | None:
        return next((u for u in self.units if u.pk == pk), None)

    def match_at(self, words: list[str], i: int) -> tuple[int, UnitRef] | None:
        for alias, unit in self.aliases.get(words[i], []):
            if tuple(words[i : i + len(alias)]) == alias:
                return len(alias), unit
        return None


def find_units(text: str, registry: Registry, tokens: list[Token] | None = None) -> list[Mention]:
    tokens = tokenize(text) if tokens is None else tokens
    words = [t.word for t in tokens]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        found = registry.match_at(words, i)
        if not found:
            i += 1
            continue
        length, unit = found
        out.append(Mention(unit, i, i + length - 1, tokens[i].start, tokens[i + length - 1].end))
        alias = words[i : i + length]
        i += length
        # "Tổ Mầm non, Phổ thông": the next item of the list reuses the kind word.
        prefix = next((p for p in _KIND_PREFIXES if tuple(alias[: len(p)]) == p), None)
        while prefix and i < len(words) and ("," in tokens[i].sep or tokens[i].after_and):
            candidate = list(prefix) + words[i : i + 10]
            more = registry.match_at(candidate, 0)
            if not more or more[0] <= len(prefix):
                break
            n = more[0] - len(prefix)
            out.append(Mention(more[1], i, i + n - 1, tokens[i].start, tokens[i + n - 1].end))
            i += n
    return out


_LEVEL_WORDS = {
    ("mam", "non"): SchoolLevel.MN.value,
    ("tieu", "hoc"): SchoolLevel.TH.value,
    ("trung", "hoc", "co", "so"): SchoolLevel.THCS.value,
    ("trung", "hoc", "pho", "thong"): SchoolLevel.THPT.value,
    ("don", "vi", "truc", "thuoc"): SchoolLevel.DVTN.value,
    ("lien", "cap"): SchoolLevel.MULTI.value,
}
_GROUP_TRIGGERS = [
    ("tat", "ca", "cac", "truong"),
    ("cac", "co", "so", "giao", "duc"),
    ("cac", "truong"),
    ("cac", "co", "so"),
]


def _level_at(words, i):
    for phrase, level in _LEVEL_WORDS.items():
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase), level
    return None


def find_school_groups(text: str, tokens: list[Token], covered: set[int]) -> list[SchoolGroup]:
    """Groups of schools named by level, outside the spans of named units."""
    words = [t.word for t in tokens]
    out = []
    i = 0
    while i < len(words):
        if i in covered:
            i += 1
            continue
        j = None
        trigger = next(
            (
                t
                for t in _GROUP_TRIGGERS
                if tuple(words[i : i + len(t)]) == t and not covered.intersection(range(i, i + len(t)))
            ),
            None,
        )
        if trigger:
            j = i + len(trigger)
            if j < len(words) and words[j] in {"hop", "dai"}:  # "các trường hợp", "trường đại học"
                i = j
                continue
            if j < len(words) and words[j] == "hoc":
                j += 1
        elif words[i] == "truong" and "%" in tokens[i].sep and i + 1 < len(words) and words[i + 1] == "hoc":
            j = i + 2  # "50% trường học"
        elif words[i] in {"truong", "khoi", "cap", "bac"} and i + 1 < len(words) and _level_at(words, i + 1):
            j = i + 1  # "trường THCS", "khối mầm non"
        elif words[i : i + 5] == ["cac", "don", "vi", "truc", "thuoc"]:
            out.append(SchoolGroup([SchoolLevel.DVTN.value], tokens[i].start, tokens[i + 4].end))
            i += 5
            continue
        if j is None:
            i += 1
            continue
        levels: list[str] = []
        end = tokens[j - 1].end
        if tuple(words[j : j + 2]) == ("truc", "thuoc"):  # "các cơ sở giáo dục trực thuộc"
            end = tokens[j + 1].end
            j += 2
        while j < len(words) and j not in covered:
            found = _level_at(words, j)
            if not found:
                break
            joined = "," in tokens[j].sep or tokens[j].after_and
            if (levels and not joined) or (not levels and tokens[j].sep.strip() and not joined):
                break
            length, level = found
            levels.append(level)
            end = tokens[j + length - 1].end
            j += length
        # "các trường và đơn vị trực thuộc" is every school and every affiliated unit.
        every = not levels or (trigger is not None and levels == [SchoolLevel.DVTN])
        out.append(SchoolGroup([] if every else levels, tokens[i].start, end))
        i = j
    return out


# ── Roles from the wording ─────────────────────────────────────────────────────────────────────────

_PARTNER_BEFORE = re.compile(
    r"(phoi hop|ket hop|cung voi|voi su tham gia cua|ho tro|va su phoi hop cua)"
    r"( voi| cung)?( cac)?$"
)
_LEAD_BEFORE = re.compile(
    r"(chu tri|don vi chu tri|giao|giao cho|dau moi|phan cong cho|trach nhiem cua)( la)?$"
)
_LEAD_AFTER = re.compile(
    r"^(la |lam )?(phoi hop voi|phoi hop cung|chu tri|chiu trach nhiem|tham muu|dau moi|phu trach|huong dan|chi dao|"
    r"xay dung|to chuc|phat dong|trien khai|theo doi|tong hop|kiem tra|ban hanh|thuc hien)"
)
_PARTNER_AFTER = re.compile(r"^(phoi hop(?! voi| cung)|ho tro|tham gia phoi hop)")
_CONNECTOR = re.compile(r"^[\s,;/&–-]*((va|cung|hoac)[\s,]*)?$")


def _clean(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def assign_roles(text: str, mentions: list[Mention]) -> None:
    """Set each mention's role from the words around it, clause by clause."""
    clauses = [0] + [m.end() for m in re.finditer(r"[;.:!?](\s|$)", text)] + [len(text)]

    def clause_start(pos):
        return max(c for c in clauses if c <= pos)

    previous: Mention | None = None
    for k, m in enumerate(mentions):
        start = clause_start(m.start)
        same_clause = previous is not None and previous.end >= start
        before_from = previous.end if same_clause else start
        before = _clean(text[before_from : m.start]) or ""
        nxt = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
        end = min([c for c in clauses if c > m.end] + [nxt])
        after = _clean(text[m.end : end]) or ""
        role = ""
        explicit = True
        if _PARTNER_BEFORE.search(before):
            role = PARTNER
        elif _LEAD_BEFORE.search(before):
            role = LEAD
        elif same_clause and _CONNECTOR.match(fold(text[before_from : m.start])):
            role, explicit = previous.role, previous.explicit
        if not role:
            if _LEAD_AFTER.search(after):
                role = LEAD
            elif _PARTNER_AFTER.search(after):
                role = PARTNER
            else:
                role, explicit = (LEAD if not before else PARTNER), False
        m.explicit = explicit
        m.role = role
        previous = m


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or clause of a long sentence) holding text[start:end], as written."""
    left = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), text.rfind(": ", 0, start))
    left = 0 if left < 0 else left + 2
    rights = [p for p in (text.find(". ", end), text.find("; ", end)) if p >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


@dataclass
class Units:
    lead: int | None = None
    partners: list[int] = field(default_factory=list)
    implementing: list[int] = field(default_factory=list)
    levels: list[str] | None = None  # None: no group of schools named; []: every school
    found: list[dict] = field(default_factory=list)  # what was proposed and the sentence it came from


def analyse_units(text: str, registry: Registry) -> Units:
    tokens = tokenize(text)
    mentions = find_units(text, registry, tokens)
    assign_roles(text, mentions)
    covered = {i for m in mentions for i in range(m.first, m.last + 1)}
    result = Units()
    for m in mentions:
        unit = m.unit
        sentence = sentence_around(text, m.start, m.end)
        if unit.is_school:
            role = PARTNER if m.role == PARTNER and m.explicit else IMPLEMENTING
        elif unit.kind == UnitKind.OBSERVER and not (m.role == PARTNER and m.explicit):
            continue  # "báo cáo UBND quận": the body the plan reports to, not a partner
        elif m.role == LEAD and unit.is_office_side and result.lead is None:
            role = LEAD
        else:
            role = PARTNER
        if unit.pk in {result.lead, *result.partners, *result.implementing}:
            continue
        if role == LEAD:
            result.lead = unit.pk
        elif role == PARTNER:
            result.partners.append(unit.pk)
        else:
            result.implementing.append(unit.pk)
        result.found.append(
            {"field": role, "unit": unit.pk, "text": text[m.start : m.end], "sentence": sentence}
        )
    for group in find_school_groups(text, tokens, covered):
        if not group.levels or result.levels == []:
            result.levels = []
        else:
            result.levels = sorted(
                set(result.levels or []) | set(group.levels), key=list(SchoolLevel.values).index
            )
        result.found.append(
            {
                "field": "levels",
                "levels": group.levels,
                "text": text[group.start : group.end],
                "sentence": sentence_around(text, group.start, group.end),
            }
        )
    return result
