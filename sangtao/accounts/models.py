"""People: login accounts with role assignments scoped to a unit, and the staff and student registries."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold
from sangtao.orgs.models import OrgUnit


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    LEADER = "leader", _("Lãnh đạo Phòng")
    SPECIALIST = "specialist", _("Chuyên viên")
    PRINCIPAL = "principal", _("Thủ trưởng đơn vị")
    COORDINATOR = "coordinator", _("Cán bộ phụ trách")
    TEACHER = "teacher", _("Giáo viên")
    PARTNER = "partner", _("Đơn vị phối hợp")
    JUDGE = "judge", _("Giám khảo / Hội đồng")
    OBSERVER = "observer", _("Theo dõi")


# Roles that work for the office over everything below their unit.
OFFICE_ROLES = {Role.ADMIN, Role.LEADER, Role.SPECIALIST}
# Roles that act for one school.
SCHOOL_ROLES = {Role.PRINCIPAL, Role.COORDINATOR, Role.TEACHER}


# The columns that the users page searches without diacritics ("nguyen van an" finds "Nguyễn Văn An").
FOLDED_USER_FIELDS = ("full_name", "username", "email")


class UserManager(DjangoUserManager):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(); the demo loader creates its accounts this way.
        objs = list(objs)
        for user in objs:
            user.fold_names()
        return super().bulk_create(objs, *args, **kwargs)


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
        verbose_name=_("đơn vị công tác"),
    )
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    is_demo = models.BooleanField(default=False)
    # Set when an administrator gives the user a temporary password; cleared by the user's own change.
    must_change_password = models.BooleanField(_("phải đổi mật khẩu ở lần đăng nhập tới"), default=False)
    name_folded = models.CharField(max_length=400, editable=False, default="", db_index=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username

    def fold_names(self) -> None:
        self.name_folded = fold(" ".join(getattr(self, f) or "" for f in FOLDED_USER_FIELDS))[:400]

    def save(self, *args, **kwargs):
        self.fold_names()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(FOLDED_USER_FIELDS):
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    @cached_property
    def roles(self) -> list["RoleAssignment"]:
        return list(self.role_assignments.select_related("unit", "team"))

    def has_role(self, *roles) -> bool:
        return any(ra.role in roles for ra in self.roles)

    @property
    def is_office(self) -> bool:
        return self.has_role(*OFFICE_ROLES)


class RoleAssignment(TimeStampedModel):
    """A role held over a unit and everything below it. `team` names the office team of a specialist."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="role_assignments",
                             verbose_name=_("phạm vi (đơn vị)"))
    team = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("tổ / bộ phận"))

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique")]

    def __str__(self):
        return f"{self.get_role_display()} — {self.unit}"


class StaffGroup(models.TextChoices):
    CBQL = "CBQL", _("Cán bộ quản lý")
    GV = "GV", _("Giáo viên")
    NV = "NV", _("Nhân viên")


class Staff(TimeStampedModel):
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="staff_members",
                             verbose_name=_("đơn vị"))
    code = models.CharField(_("mã"), max_length=40, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, default="", db_index=True)
    group = models.CharField(_("nhóm"), max_length=10, choices=StaffGroup.choices)
    subject = models.CharField(_("môn / chuyên môn"), max_length=120, blank=True)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff")
    left_on = models.DateField(_("nghỉ / chuyển công tác"), null=True, blank=True)

    class Meta:
        verbose_name = _("cán bộ, giáo viên, nhân viên")
        verbose_name_plural = _("cán bộ, giáo viên, nhân viên")
        ordering = ["unit_id", "full_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)


class Student(TimeStampedModel):
    """Only what the modules need: a minor's data is kept minimal (BRIEF §6, Luật 91/2025/QH15)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="students", verbose_name=_("trường"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, default="", db_index=True)
    grade = models.PositiveSmallIntegerField(_("khối"))
    class_name = models.CharField(_("lớp"), max_length=20)

    class Meta:
        verbose_name = _("học sinh")
        verbose_name_plural = _("học sinh")
        ordering = ["unit_id", "grade", "class_name", "full_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)


class Notification(models.Model):
    """An in-app notice; the same text also goes out by e-mail when the user has an address."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    # Lets a reminder job avoid telling the same person the same thing twice.
    dedupe_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title
