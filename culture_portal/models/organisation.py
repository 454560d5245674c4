"""The organisation: a tree of units and the officials who work in them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

unit_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]{0,31}$",
    _("Use capital letters A-Z, digits, '-' or '_' (at most 32 characters)."),
)


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def subtree_of(self, unit: "Unit"):
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """An agency, office, ward or desk; `parent` makes the tree.

    `path` ("/0000001/0000004/0000009/") is the chain of ancestor ids, kept by the services in
    culture_portal/organisation.py, so a subtree is one indexed prefix query
    instead of a recursive walk.
    """

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        OFFICE = "office", _("Specialised office (phòng)")
        BOARD = "board", _("Board (ban)")
        PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
        WARD = "ward", _("Ward People's Committee")
        COMMUNE = "commune", _("Commune People's Committee")
        SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
        RECEPTION_DESK = "reception_desk", _("One-stop reception desk")

    code = models.CharField(_("unit code"), max_length=32, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind of unit"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("in operation from"), null=True, blank=True)
    valid_until = models.DateField(_("in operation until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        permissions = [("import_organisation", _("Can import units and officials from a file"))]
        indexes = [
            # Subtree queries (unit-head scope, "this unit and its children"):
            # path LIKE '/1/4/%'. The pattern opclass lets PostgreSQL use the index.
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class OfficialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Official(models.Model):
    """A cán bộ, công chức, viên chức or other member of staff, as HR keeps them."""

    class Category(models.TextChoices):
        CADRE = "can_bo", _("Cadre (cán bộ)")
        CIVIL_SERVANT = "cong_chuc", _("Civil servant (công chức)")
        PUBLIC_EMPLOYEE = "vien_chuc", _("Public employee (viên chức)")
        ARMED_FORCES = "luc_luong_vu_trang", _("Armed forces")
        CONTRACT = "hop_dong", _("Contract staff")

    employee_code = models.CharField(_("employee code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officials")
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["full_name", "employee_code"]
        indexes = [
            # The roll of a unit (unit page, attendance checks): unit = ? AND is_active.
            models.Index(fields=["unit", "is_active", "full_name"], name="official_unit_roll_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.employee_code})"
