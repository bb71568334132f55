"""People of a generated data set (see sangtao/scale/generator.py): accounts with their roles, the staff
and the pupils of every school.

Accounts: the office's administrator, leader, one specialist per team, the observer, one account per
partner agency, one per ward office, and a principal and a coordinator per school (`ht-<code>`,
`pt-<code>`), all with the demo password. Registries: a school's staff are numbered managers first, then
teachers, then other staff; its pupils grade by grade and class by class (`ctx.registries`).
"""

import math

from django.conf import settings
from django.contrib.auth.hashers import make_password

from sangtao.core.text import fold
from sangtao.orgs import demo_data as data

from .models import Role, RoleAssignment, Staff, Student, User

GRADES = {
    "MN": [0],
    "TH": [1, 2, 3, 4, 5],
    "THCS": [6, 7, 8, 9],
    "THPT": [10, 11, 12],
    "MULTI": list(range(1, 13)),
    "DVTN": [10, 11, 12],
}
SUBJECTS = {
    "MN": ["Giáo dục mầm non"],
    "TH": [
        "Giáo viên chủ nhiệm",
        "Giáo viên chủ nhiệm",
        "Giáo viên chủ nhiệm",
        "Tiếng Anh",
        "Tin học",
        "Âm nhạc",
        "Mĩ thuật",
        "Giáo dục thể chất",
    ],
}
SECONDARY_SUBJECTS = [
    "Toán",
    "Ngữ văn",
    "Tiếng Anh",
    "Khoa học tự nhiên",
    "Vật lí",
    "Hóa học",
    "Sinh học",
    "Lịch sử và Địa lí",
    "Tin học",
    "Công nghệ",
    "Giáo dục công dân",
    "Giáo dục thể chất",
    "Âm nhạc",
    "Mĩ thuật",
]
SUPPORT = ["Kế toán", "Văn thư", "Thiết bị", "Thư viện", "Y tế", "Bảo vệ", "Cấp dưỡng"]


def generate(ctx):
    rng = ctx.rng
    password = make_password(settings.SANGTAO_DEMO_PASSWORD)  # one hash for everyone
    users = []  # (username, full_name, unit_id, is_staff)
    roles = []  # (username, role, unit_id, team_id)

    def account(username, full_name, unit_id, role, scope_id, team_id=None, is_staff=False):
        users.append((username, full_name, unit_id, is_staff))
        roles.append((username, role, scope_id, team_id))

    account(
        "scale-admin", ctx.names.person()[0], ctx.office_id, Role.ADMIN.value, ctx.office_id, is_staff=True
    )
    account("scale-leader", ctx.names.person()[0], ctx.office_id, Role.LEADER.value, ctx.office_id)
    for code, team_id in ctx.teams.items():
        account(
            f"scale-cv-{code.lower()}",
            ctx.names.person(0.6)[0],
            team_id,
            Role.SPECIALIST.value,
            ctx.office_id,
            team_id,
        )
    account("scale-observer", ctx.names.person()[0], ctx.root_id, Role.OBSERVER.value, ctx.root_id)
    for code, partner_id in ctx.partners.items():
        account(
            f"scale-partner-{code.split('-')[0].lower()}",
            ctx.names.person()[0],
            partner_id,
            Role.PARTNER.value,
            partner_id,
        )
    for authority_id, _path, _name in ctx.authorities[1:]:
        account(f"cv-{authority_id}", ctx.names.person(0.6)[0], authority_id, Role.LEADER.value, authority_id)

    # The school registries first: a principal and a coordinator are also rows of their school's staff.
    staff_ids = iter(ctx.ids(Staff, sum(s.staff for s in ctx.schools)))
    next_student = ctx.ids(Student, sum(s.students for s in ctx.schools)).start
    staff_rows = []
    links = {}  # username → staff id
    for school in ctx.schools:
        registry = ctx.Registry(managers=school.managers, teachers=school.teachers, others=school.others)
        female = 0.9 if school.level == "MN" else 0.7
        subjects = SUBJECTS.get(school.level, SECONDARY_SUBJECTS)
        for offset in range(school.staff):
            sid = next(staff_ids)
            if offset == 0:
                registry.staff_first = sid
                name, folded = school.head_name, fold(school.head_name)
            else:
                name, folded = ctx.names.person(female)
            group = registry.staff_group(offset)
            if group == "CBQL":
                subject, position = "", "Hiệu trưởng" if offset == 0 else "Phó Hiệu trưởng"
            elif group == "GV":
                subject, position = rng.choice(subjects), "Giáo viên"
            else:
                subject, position = "", rng.choice(SUPPORT)
            staff_rows.append((sid, school.id, f"CB{sid:07d}", name, folded, group, subject, position))
            ctx.staff_names[sid] = name
        head = f"ht-{school.code.lower()}"
        coordinator = f"pt-{school.code.lower()}"
        account(head, school.head_name, school.id, Role.PRINCIPAL.value, school.id)
        coordinator_offset = school.managers  # the first teacher
        account(
            coordinator,
            ctx.staff_names[registry.staff_first + coordinator_offset],
            school.id,
            Role.COORDINATOR.value,
            school.id,
        )
        links[head] = registry.staff_first
        links[coordinator] = registry.staff_first + coordinator_offset
        # Pupils: the same number in every grade of the school, classes of CLASS_SIZE.
        registry.student_first = next_student
        next_student += school.students
        grades = GRADES[school.level]
        start = 0
        for grade, count in zip(grades, ctx.apportion(school.students, [1] * len(grades)), strict=True):
            registry.grades.append((start, grade, count))
            start += count
        ctx.registries[school.id] = registry

    user_ids = iter(ctx.ids(User, len(users)))
    by_name = {}
    user_rows = []
    for username, full_name, unit_id, is_staff in users:
        uid = next(user_ids)
        by_name[username] = uid
        email = f"{username}@{data.EMAIL_DOMAIN}"
        user_rows.append(
            (
                uid,
                password,
                username,
                full_name,
                fold(f"{full_name} {username} {email}")[:400],
                email,
                unit_id,
                is_staff,
                True,
                ctx.now,
            )
        )
    ctx.write(
        User,
        [
            "id",
            "password",
            "username",
            "full_name",
            "name_folded",
            "email",
            "unit_id",
            "is_staff",
            "is_demo",
            "date_joined",
        ],
        user_rows,
    )
    ctx.write(
        RoleAssignment,
        ["user_id", "role", "unit_id", "team_id"],
        ((by_name[u], role, unit_id, team_id) for u, role, unit_id, team_id in roles),
    )
    staff_user = {staff_id: by_name[username] for username, staff_id in links.items()}
    ctx.write(
        Staff,
        ["id", "unit_id", "code", "full_name", "name_folded", "group", "subject", "position", "user_id"],
        ((*row, staff_user.get(row[0])) for row in staff_rows),
    )
    for username, role, scope_id, _team in roles:
        if role == Role.PRINCIPAL:
            ctx.principals[scope_id] = by_name[username]
        elif role == Role.COORDINATOR:
            ctx.coordinators[scope_id] = by_name[username]
        elif role == Role.LEADER:
            ctx.authority_users[scope_id] = by_name[username]
        if username.startswith("scale-"):
            ctx.users[username] = by_name[username]
    ctx.write(Student, ["id", "unit_id", "full_name", "name_folded", "grade", "class_name"], _pupils(ctx))
    ctx.log(f"  {len(user_rows)} accounts, {len(staff_rows)} staff, {ctx.counts['accounts.Student']} pupils")


def _pupils(ctx):
    pool = ctx.names.female + ctx.names.male
    size = len(pool)
    random = ctx.rng.random
    for school in ctx.schools:
        registry = ctx.registries[school.id]
        sid = registry.student_first
        for _start, grade, count in registry.grades:
            for index in range(math.ceil(count / ctx.CLASS_SIZE)):
                cname = ctx.class_name(grade, index)
                for _ in range(min(ctx.CLASS_SIZE, count - index * ctx.CLASS_SIZE)):
                    name, folded = pool[int(random() * size)]
                    yield (sid, school.id, name, folded, grade, cname)
                    sid += 1
