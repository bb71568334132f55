"""Generated data sets at a chosen scale, for benchmarks (issue 8 §1): a ward office, a district, a city.

Each app contributes its own generator: a `scale.py` module with `generate(ctx)`, found the way
`plans/indicators.py` finds `stats.py` and called in the order of INSTALLED_APPS, which is the order of
dependencies (orgs before accounts before plans before the feature apps). A generator reads what the
ones before it made from the `Context` (units, schools, registries, the plan) and writes its rows with
`ctx.write`: PostgreSQL's COPY, or batched INSERTs on other databases (the tests' SQLite).

Rows bypass `save()`, so each generator fills what `save()` would have derived (folded search columns,
materialised paths) and picks its own primary keys (`ctx.ids`), so that children can point at parents
without reading them back; the sequences are moved past them at the end. Nothing here runs row by row
through the ORM: the city (about six million rows) loads in minutes, not hours.
"""

import datetime
import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from importlib import import_module

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from sangtao.core.text import fold

# The story's day, as in the demo: the 2023-2024 school year seen in mid-March 2024.
STORY_DAY = datetime.date(2024, 3, 15)
YEAR_START = datetime.date(2023, 9, 5)


@dataclass(frozen=True)
class Scale:
    """How much of everything. `wards`: ward offices between the city's office and its schools (0: the
    schools sit directly under one office, as in a ward or a former district)."""

    name: str
    wards: int
    schools: int
    students: int
    staff: int
    clubs: int
    activities: int
    courses: int
    attendance: int
    initiatives: int
    contests: int
    entries: int
    scores: int
    articles: int


CITY = Scale(
    name="city",
    wards=168,  # Ho Chi Minh City's wards and communes after 1 July 2025
    schools=3_500,
    students=2_500_000,
    staff=150_000,
    clubs=20_000,
    activities=400_000,
    courses=5_000,
    attendance=1_000_000,
    initiatives=30_000,
    contests=2_000,
    entries=60_000,
    scores=300_000,
    articles=100_000,
)


def _share_of_city(name: str, *, wards: int, schools: int, **overrides) -> Scale:
    """Everything in proportion to the number of schools."""
    factor = schools / CITY.schools
    counts = {
        f.name: max(1, round(getattr(CITY, f.name) * factor))
        for f in fields(Scale)
        if f.name not in ("name", "wards", "schools")
    }
    return replace(Scale(name=name, wards=wards, schools=schools, **counts), **overrides)


SCALES = {
    # For the test suite: every kind of row, a few of each.
    "tiny": _share_of_city(
        "tiny", wards=2, schools=12, students=900, staff=150, activities=240, attendance=400, articles=60
    ),
    # One office and its schools: about 120 units with its teams, partners and observer.
    "ward": _share_of_city("ward", wards=0, schools=108),
    "district": _share_of_city("district", wards=12, schools=600),
    "city": CITY,
}


# ── Rows shared between generators ─────────────────────────────────────────────────────────────────


@dataclass
class School:
    id: int
    code: str
    name: str
    short_name: str
    level: str
    parent_id: int
    path: str
    ward_name: str = ""
    head_name: str = ""
    students: int = 0
    managers: int = 0
    teachers: int = 0
    others: int = 0  # nhân viên

    @property
    def staff(self) -> int:
        return self.managers + self.teachers + self.others


@dataclass
class Registry:
    """Where a school's people are: ids are consecutive, staff ordered CBQL, GV, NV; pupils by grade."""

    staff_first: int = 0
    managers: int = 0
    teachers: int = 0
    others: int = 0
    student_first: int = 0
    # (offset of the grade's first pupil, grade, pupils in the grade), in order
    grades: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def staff_count(self) -> int:
        return self.managers + self.teachers + self.others

    def staff_group(self, offset: int) -> str:
        if offset < self.managers:
            return "CBQL"
        return "GV" if offset < self.managers + self.teachers else "NV"

    def student(self, offset: int) -> tuple[int, int, str]:
        """(id, grade, class name) of the school's `offset`-th pupil."""
        for start, grade, count in self.grades:
            if offset < start + count:
                return self.student_first + offset, grade, class_name(grade, (offset - start) // CLASS_SIZE)
        raise IndexError(offset)

    @property
    def student_count(self) -> int:
        return sum(count for _start, _grade, count in self.grades)


CLASS_SIZE = 38
PRESCHOOL_GROUPS = ["Nhà trẻ", "Mầm", "Chồi", "Lá"]


def class_name(grade: int, index: int) -> str:
    """ "6A3"; at a preschool (grade 0) the age groups take turns: "Nhà trẻ 1", "Mầm 1", … "Lá 2"."""
    if grade == 0:
        return f"{PRESCHOOL_GROUPS[index % 4]} {index // 4 + 1}"
    return f"{grade}A{index + 1}"


class Names:
    """Vietnamese names from the demo's lists, with their folded form computed once per combination."""

    def __init__(self, rng: random.Random):
        from sangtao.orgs import demo_data as data

        self.rng = rng
        self.female = self._pool(data.FAMILY_NAMES, data.FEMALE_MIDDLE, data.FEMALE_GIVEN)
        self.male = self._pool(data.FAMILY_NAMES, data.MALE_MIDDLE, data.MALE_GIVEN)

    @staticmethod
    def _pool(family, middle, given) -> list[tuple[str, str]]:
        folded = {part: fold(part) for part in {*family, *middle, *given}}
        return [
            (f"{f} {m} {g}", f"{folded[f]} {folded[m]} {folded[g]}")
            for f in family
            for m in middle
            for g in given
        ]

    def person(self, female_share: float = 0.5) -> tuple[str, str]:
        """(full name, folded name)."""
        pool = self.female if self.rng.random() < female_share else self.male
        return pool[int(self.rng.random() * len(pool))]


# ── The context ────────────────────────────────────────────────────────────────────────────────────


class Context:
    """What a generator gets: the scale, a random generator of its own, the writer, and what the
    generators before it made (attributes documented where they are set)."""

    # The shapes generators share, reachable without importing this module from an app below it.
    School = School
    Registry = Registry
    CLASS_SIZE = CLASS_SIZE
    class_name = staticmethod(class_name)

    def __init__(
        self, *, scale: Scale, seed: int, using: str = "default", log: Callable[[str], None] = print
    ):
        self.scale = scale
        self.seed = seed
        self.using = using
        self.connection = connections[using]
        self.is_postgres = self.connection.vendor == "postgresql"
        self.log = log
        self.rng = random.Random(seed)
        self.names = Names(self.rng)
        self.story_day = STORY_DAY
        self.now = timezone.make_aware(datetime.datetime.combine(STORY_DAY, datetime.time(17, 0)))
        self.counts: Counter[str] = Counter()
        self.timings: dict[str, float] = {}
        self._next_id: dict[type[models.Model], int] = {}
        self._written: set[type[models.Model]] = set()
        # Set by sangtao.orgs.scale
        self.year = None  # the current SchoolYear (2023-2024)
        self.years: dict[str, object] = {}
        self.root_id = 0  # the observer above everything (Ủy ban nhân dân)
        self.office_id = 0  # the education authority that issues the plan
        self.office_path = ""
        self.authorities: list[tuple[int, str, str]] = []  # (id, path, name): the office and its ward offices
        self.teams: dict[str, int] = {}  # the demo's team codes (TO-PT, …) → this office's team ids
        self.partners: dict[str, int] = {}  # the demo's partner codes → partner unit ids
        self.schools: list[School] = []
        # Set by sangtao.accounts.scale
        self.registries: dict[int, Registry] = {}  # by school id
        self.staff_names: dict[int, str] = {}  # staff id → full name
        self.users: dict[str, int] = {}  # office usernames → ids
        self.principals: dict[int, int] = {}  # school id → user id
        self.coordinators: dict[int, int] = {}
        self.authority_users: dict[int, int] = {}  # authority id → its leader's user id
        # Set by sangtao.plans.scale
        self.plan_id = 0
        self.tasks: dict[str, int] = {}  # task number → id

    # Random helpers

    def at(self, day: datetime.date, *, hours=(7, 17)) -> datetime.datetime:
        """An aware moment in working hours on `day`."""
        minutes = self.rng.randrange(hours[0] * 60, hours[1] * 60)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60)))

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def pick(self, weighted: Sequence[tuple[object, float]]):
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def skewed(self, n: int, alpha: float = 1.2) -> list[float]:
        """Uneven weights (Pareto): a few units do much, most do a little."""
        return [self.rng.paretovariate(alpha) for _ in range(n)]

    @staticmethod
    def apportion(total: int, weights: Sequence[float]) -> list[int]:
        """Split `total` in proportion to `weights` into whole numbers that add up exactly (largest remainder)."""
        if not weights:
            return []
        whole = sum(weights) or 1.0
        exact = [total * w / whole for w in weights]
        shares = [math.floor(x) for x in exact]
        rest = total - sum(shares)
        for i in sorted(range(len(exact)), key=lambda i: shares[i] - exact[i])[:rest]:
            shares[i] += 1
        return shares

    # Rows

    def ids(self, model: type[models.Model], n: int) -> range:
        """`n` fresh primary keys for `model` (after whatever the table holds)."""
        if model not in self._next_id:
            last = model._default_manager.db_manager(self.using).aggregate(m=models.Max("pk"))["m"] or 0
            self._next_id[model] = last + 1
        first = self._next_id[model]
        self._next_id[model] = first + n
        return range(first, first + n)

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        """Insert `rows` (tuples in the order of `columns`, attnames such as "unit_id") into `model`'s table.

        Columns left out get their default: now for auto_now(_add), the field's default, NULL or "".
        JSON columns take Python values. Returns the number of rows.
        """
        meta = model._meta
        given = [meta.get_field(c) for c in columns]
        named = {f.attname for f in given}
        tail_fields, tail = [], []
        for f in meta.concrete_fields:
            if f.attname in named or f.primary_key:
                continue  # a primary key left out comes from the table's sequence
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = self.now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.empty_strings_allowed:
                value = ""
            else:
                raise ValueError(f"{meta.label}.{f.name} needs a value")
            tail_fields.append(f)
            tail.append(value)
        all_fields = given + tail_fields
        table = self.connection.ops.quote_name(meta.db_table)
        column_sql = ", ".join(self.connection.ops.quote_name(f.column) for f in all_fields)
        self._written.add(model)
        if self.is_postgres:
            n = self._copy(table, column_sql, given, tail_fields, tail, rows)
        else:
            n = self._insert(table, column_sql, all_fields, tail, rows)
        self.counts[meta.label] += n
        return n

    def _copy(self, table, column_sql, given, tail_fields, tail, rows) -> int:
        json_given = [i for i, f in enumerate(given) if isinstance(f, models.JSONField)]
        tail = tuple(
            json.dumps(v) if isinstance(f, models.JSONField) and v is not None else v
            for f, v in zip(tail_fields, tail, strict=True)
        )
        n = 0
        self.connection.ensure_connection()
        with self.connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                write = copy.write_row
                for row in rows:
                    if json_given:
                        row = list(row)
                        for i in json_given:
                            if row[i] is not None:
                                row[i] = json.dumps(row[i])
                        row = tuple(row)
                    write((*row, *tail))
                    n += 1
        return n

    def _insert(self, table, column_sql, all_fields, tail, rows) -> int:
        placeholders = ", ".join(["%s"] * len(all_fields))
        sql = f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})"
        n, batch = 0, []
        with self.connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    [
                        f.get_db_prep_save(v, self.connection)
                        for f, v in zip(all_fields, (*row, *tail), strict=True)
                    ]
                )
                if len(batch) >= 2000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
        return n

    def compute_indicator(self, code: str, source_key: str) -> None:
        """Switch the plan's indicator `code` to the app's computed source, as each app's demo does."""
        from sangtao.plans.models import Indicator, IndicatorSource

        Indicator.objects.using(self.using).filter(plan_id=self.plan_id, code=code).update(
            source=IndicatorSource.COMPUTED.value, source_key=source_key
        )

    def finish(self) -> None:
        """Move every sequence past the keys we chose."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), sorted(self._written, key=str))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# ── Discovery and the run ──────────────────────────────────────────────────────────────────────────


def generators() -> list[tuple[str, Callable[[Context], None]]]:
    """Every app's `scale.generate`, in the order of INSTALLED_APPS (the order of dependencies)."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("sangtao.") and module_has_submodule(config.module, "scale"):
            module = import_module(f"{config.name}.scale")
            found.append((config.label, module.generate))
    return found


def generate(
    *, scale: Scale, seed: int = 454, using: str = "default", log: Callable[[str], None] = print
) -> Context:
    """Generate a whole data set in one transaction; returns the context with counts and timings."""
    ctx = Context(scale=scale, seed=seed, using=using, log=log)
    started = time.monotonic()
    with transaction.atomic(using=using):
        if ctx.is_postgres:
            with ctx.connection.cursor() as cursor:
                # A crash loses the whole load anyway; no need to wait for each WAL flush.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for label, generate_app in generators():
            # Each app draws from its own random generator: adding an app changes no other app's data.
            ctx.rng.seed(f"{seed}:{label}")
            before = time.monotonic()
            generate_app(ctx)
            ctx.timings[label] = time.monotonic() - before
            log(f"{label}: {ctx.timings[label]:.1f} s")
        ctx.finish()
    if ctx.is_postgres:
        before = time.monotonic()
        with ctx.connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        ctx.timings["analyze"] = time.monotonic() - before
    ctx.timings["total"] = time.monotonic() - started
    return ctx
