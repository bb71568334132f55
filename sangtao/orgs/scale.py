"""The organisation tree of a generated data set (see sangtao/scale/generator.py).

A ward office (`wards == 0`): an observer, one education office with its teams, partner agencies and
its schools. A city: the People's Committee, the Department (Sở) with its teams, one office per ward
(Phòng Văn hóa – Xã hội) over the ward's preschools, primary and lower-secondary schools, and the
upper-secondary and multi-level schools and affiliated centres directly under the Department.

Real-life shapes: more than half the schools are preschools, most of them small and non-public;
headcounts follow a log-normal spread by level, scaled to the exact totals of the scale.
"""

from sangtao.core.text import fold
from sangtao.orgs import demo_data as data
from sangtao.orgs.models import OrgUnit, SchoolYear, UnitYearStats

from .wards import HCMC, _wards_by_province

LEVEL_NAMES = {
    "MN": "Mầm non",
    "TH": "Tiểu học",
    "THCS": "THCS",
    "THPT": "THPT",
    "MULTI": "TH, THCS và THPT",
    "DVTN": "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
}
# Share of schools by level: the city (HCMC's statistics, rounded) and an office without upper secondary.
CITY_LEVELS = [("MN", 0.55), ("TH", 0.22), ("THCS", 0.13), ("THPT", 0.07), ("MULTI", 0.02), ("DVTN", 0.01)]
OFFICE_LEVELS = [("MN", 0.55), ("TH", 0.25), ("THCS", 0.17), ("DVTN", 0.03)]
# Levels the ward offices manage; the others are the Department's own.
WARD_LEVELS = {"MN", "TH", "THCS"}
NON_PUBLIC = {"MN": 0.55, "TH": 0.08, "THCS": 0.06, "THPT": 0.3, "MULTI": 0.8, "DVTN": 0.0}
# Median pupils (public, non-public) and the spread of the log-normal.
SIZES = {
    "MN": (380, 110, 0.55),
    "TH": (1600, 600, 0.35),
    "THCS": (1300, 420, 0.35),
    "THPT": (1300, 520, 0.3),
    "MULTI": (900, 900, 0.5),
    "DVTN": (300, 300, 0.8),
}
# Pupils per member of staff (preschools need many more adults per child), plus a fixed core.
PUPILS_PER_STAFF = {"MN": 9, "TH": 22, "THCS": 20, "THPT": 19, "MULTI": 17, "DVTN": 14}

# The demo's teams and partners, as a city's Department names them.
CITY_TEAMS = {
    "TO-MN": "Phòng Giáo dục Mầm non",
    "TO-PT": "Phòng Giáo dục Phổ thông",
    "TO-HCTH": "Văn phòng Sở",
    "BP-TDKT": "Phòng Tổ chức cán bộ – Thi đua khen thưởng",
    "BP-DD": "Phòng Chính trị, tư tưởng và Công tác học sinh",
}
CITY_PARTNERS = {
    "PKT-Q12": ("Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh", "Sở KH&CN"),
    "PTNMT-Q12": ("Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh", "Sở NN&MT"),
    "QD-Q12": ("Thành đoàn Thành phố Hồ Chí Minh", "Thành đoàn"),
}
STREETS = [
    "Nguyễn Văn Quá",
    "Lê Văn Khương",
    "Tô Ký",
    "Hà Huy Giáp",
    "Nguyễn Ảnh Thủ",
    "Trường Chinh",
    "Phan Văn Hớn",
    "Lê Thị Riêng",
    "Quang Trung",
    "Nguyễn Oanh",
    "Cách Mạng Tháng Tám",
    "Lê Văn Sỹ",
    "Nguyễn Thị Minh Khai",
    "Điện Biên Phủ",
    "Võ Văn Ngân",
    "Kha Vạn Cân",
    "Huỳnh Tấn Phát",
    "Kinh Dương Vương",
]


def _bases():
    """School names of the demo without their prefix: flowers for preschools, people for the others."""
    flowers, people = set(), set()
    for school in data.SCHOOLS:
        base = school.name
        for prefix in (
            "Trường Mầm non tư thục ",
            "Trường Mầm non ",
            "Trường Tiểu học tư thục ",
            "Trường Tiểu học ",
            "Trường THCS tư thục ",
            "Trường THCS ",
        ):
            if base.startswith(prefix):
                base = base[len(prefix) :]
                break
        (flowers if school.level == "MN" else people).add(base)
    return sorted(flowers), sorted(people)


def generate(ctx):
    scale, rng = ctx.scale, ctx.rng
    for name, start, end, current in [
        *data.SCHOOL_YEARS,
        ("2022-2023", data.D(2022, 9, 5), data.D(2023, 5, 31), False),
    ]:
        year, _created = SchoolYear.objects.using(ctx.using).get_or_create(
            name=name, defaults={"start": start, "end": end, "is_current": current}
        )
        ctx.years[name] = year
    ctx.year = ctx.years[data.STATS_YEAR]

    wards = list(_wards_by_province()[HCMC])
    rng.shuffle(wards)
    city = scale.wards > 0
    rows = []  # the tuples of the columns below

    def unit(
        uid,
        parent_id,
        parent_path,
        kind,
        code,
        name,
        short="",
        level="",
        ownership="",
        ward=None,
        address="",
        head="",
        phone="",
        order=0,
    ):
        path = f"{parent_path}{uid}/"
        ward_code, ward_name = (f"{ward.code.value:05d}", ward.name) if ward else ("", "")
        rows.append(
            (
                uid,
                parent_id,
                path,
                kind,
                code,
                name,
                short,
                fold(f"{name} {short} {code}"),
                level,
                ownership,
                HCMC,
                ward_code,
                ward_name,
                address,
                head,
                phone,
                f"{code.lower()}@{data.EMAIL_DOMAIN}",
                True,
                order,
            )
        )
        return path

    ward_count = scale.wards if city else 0
    n_fixed = 2 + len(CITY_TEAMS) + len(CITY_PARTNERS) + ward_count
    fixed = iter(ctx.ids(OrgUnit, n_fixed))
    ctx.root_id = next(fixed)
    ctx.office_id = next(fixed)
    if city:
        root_path = unit(
            ctx.root_id,
            None,
            "/",
            "observer",
            "UBND-TPHCM",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "UBND TP. Hồ Chí Minh",
        )
        ctx.office_path = unit(
            ctx.office_id,
            ctx.root_id,
            root_path,
            "authority",
            "SGDDT-TPHCM",
            "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
            "Sở GD&ĐT TP. Hồ Chí Minh",
            head="Nguyễn Văn Hiếu",
            phone="028 3829 1875",
            order=1,
        )
        office_name = "Sở GD&ĐT"
    else:
        home = wards[0]
        root_path = unit(
            ctx.root_id,
            None,
            "/",
            "observer",
            "UBND-PHUONG",
            f"Ủy ban nhân dân {home.name}",
            f"UBND {home.name}",
            ward=home,
        )
        ctx.office_path = unit(
            ctx.office_id,
            ctx.root_id,
            root_path,
            "authority",
            "PVHXH-PHUONG",
            f"Phòng Văn hóa – Xã hội {home.name}",
            f"Phòng VH-XH {home.name}",
            ward=home,
            head=ctx.names.person(0.6)[0],
            order=1,
        )
        office_name = "Phòng VH-XH"
    for order, (code, name) in enumerate(CITY_TEAMS.items()):
        ctx.teams[code] = next(fixed)
        team_name = name if city else dict(data.TEAMS)[code]
        unit(
            ctx.teams[code],
            ctx.office_id,
            ctx.office_path,
            "team",
            f"{code}-{ctx.office_id}",
            team_name,
            f"{team_name} ({office_name})",
            order=order,
        )
    for order, (code, (name, short)) in enumerate(CITY_PARTNERS.items(), start=2):
        ctx.partners[code] = next(fixed)
        if not city:
            name, short = next((n, s) for c, n, s in data.PARTNERS if c == code)
            name = name.replace("Quận 12", wards[0].name)
        unit(
            ctx.partners[code],
            ctx.root_id,
            root_path,
            "partner",
            f"{code.split('-')[0]}-{ctx.partners[code]}",
            name,
            short,
            order=order,
        )
    ctx.authorities = [(ctx.office_id, ctx.office_path, office_name)]
    ward_units = []  # (id, path, ward)
    for order, ward in enumerate(wards[:ward_count], start=10):
        uid = next(fixed)
        path = unit(
            uid,
            ctx.office_id,
            ctx.office_path,
            "authority",
            f"PVHXH-{ward.code.value:05d}",
            f"Phòng Văn hóa – Xã hội {ward.name}",
            f"Phòng VH-XH {ward.name}",
            ward=ward,
            head=ctx.names.person(0.6)[0],
            order=order,
        )
        ward_units.append((uid, path, ward))
        ctx.authorities.append((uid, path, f"Phòng VH-XH {ward.name}"))

    # Schools: how many of each level, who manages them, how big they are.
    shares = CITY_LEVELS if city else OFFICE_LEVELS
    per_level = ctx.apportion(scale.schools, [w for _l, w in shares])
    levels = [level for (level, _w), n in zip(shares, per_level, strict=True) for _ in range(n)]
    rng.shuffle(levels)
    # Some wards are dense, some are almost empty.
    ward_weights = [0.3 + rng.paretovariate(2.5) for _ in ward_units]
    flowers, people = _bases()
    used = set()
    ids = ctx.ids(OrgUnit, len(levels))
    raw_sizes = []
    for uid, level in zip(ids, levels, strict=True):
        non_public = rng.random() < NON_PUBLIC[level]
        public_median, private_median, sigma = SIZES[level]
        raw_sizes.append(rng.lognormvariate(0, sigma) * (private_median if non_public else public_median))
        if city and level in WARD_LEVELS and ward_units:
            parent_id, parent_path, ward = rng.choices(ward_units, weights=ward_weights)[0]
        else:
            parent_id, parent_path, ward = ctx.office_id, ctx.office_path, (None if city else wards[0])
        if level == "DVTN":
            name = f"{LEVEL_NAMES[level]} {ward.name if ward else rng.choice(people)}"
        else:
            base = rng.choice(flowers if level == "MN" else people)
            kind_name = LEVEL_NAMES[level] + (" tư thục" if non_public else "")
            name = f"Trường {kind_name} {base}"
        if name in used:
            name = f"{name} ({ward.name if ward else uid})"
        if name in used:
            name = f"{name} – cơ sở {uid}"
        used.add(name)
        short = name.replace("Trường ", "").replace("Tiểu học", "TH").replace("Mầm non", "MN")
        short = short.replace(LEVEL_NAMES["DVTN"], "TT GDNN-GDTX")[:80]
        code = f"{level}-{uid}"
        ward_name = ward.name if ward else ""
        address = f"{rng.randint(1, 350)} đường {rng.choice(STREETS)}, {ward_name or 'TP. Hồ Chí Minh'}"
        head_name = ctx.names.person(0.9 if level == "MN" else 0.6)[0]
        phone = f"028 3{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        unit(
            uid,
            parent_id,
            parent_path,
            "affiliated" if level == "DVTN" else "school",
            code,
            name,
            short,
            level,
            "non_public" if non_public else "public",
            ward,
            address,
            head_name,
            phone,
            order=100,
        )
        ctx.schools.append(
            ctx.School(
                id=uid,
                code=code,
                name=name,
                short_name=short,
                level=level,
                parent_id=parent_id,
                path=f"{parent_path}{uid}/",
                ward_name=ward_name,
                head_name=head_name,
            )
        )
    # Exact totals: pupils in proportion to the drawn sizes, staff to the pupils by level.
    for school, pupils in zip(ctx.schools, ctx.apportion(scale.students, raw_sizes), strict=True):
        school.students = max(pupils, 1)
    staff = ctx.apportion(scale.staff, [s.students / PUPILS_PER_STAFF[s.level] + 6 for s in ctx.schools])
    for school, n in zip(ctx.schools, staff, strict=True):
        n = max(n, 3)
        school.managers = min(4, max(1, n // 25 + 1))
        school.others = max(1, round(n * (0.25 if school.level == "MN" else 0.14)))
        school.teachers = max(1, n - school.managers - school.others)

    ctx.write(
        OrgUnit,
        [
            "id",
            "parent_id",
            "path",
            "kind",
            "code",
            "name",
            "short_name",
            "name_folded",
            "level",
            "ownership",
            "province_code",
            "ward_code",
            "ward_name",
            "address",
            "head_name",
            "phone",
            "email",
            "is_demo",
            "sort_order",
        ],
        rows,
    )
    ctx.write(
        UnitYearStats,
        ["unit_id", "year_id", "students", "managers", "teachers", "staff"],
        ((s.id, ctx.year.pk, s.students, s.managers, s.teachers, s.others) for s in ctx.schools),
    )
    ctx.log(f"  {len(rows)} units, {len(ctx.schools)} schools, {len(ward_units)} ward offices")
