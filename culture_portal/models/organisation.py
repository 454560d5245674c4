"""The organisation: a tree of units and the officials who work in them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from culture_portal.text import name_sort_key, normalise_text, search_key

unit_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]{0,31}$",
    _("Use capital letters A-Z, digits, '-' or '_' (at most 32 characters)."),
)


def _with_derived(fields, sources: set[str], derived: tuple[str, ...]):
    """`update_fields` (or bulk_update's fields) plus the derived columns when one of their sources is written."""
    if fields is None:
        return None
    fields = list(fields)
    return [*fields, *(name for name in derived if name not in fields)] if sources & set(fields) else fields


class DerivedNamesQuerySet(models.QuerySet):
    """Bulk writes keep the derived name columns too (save() is not called by bulk_create or bulk_update)."""

    NAME_SOURCES: set[str] = set()
    NAME_DERIVED: tuple[str, ...] = ()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.names_derive()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.names_derive()
        return super().bulk_update(objs, _with_derived(fields, self.NAME_SOURCES, self.NAME_DERIVED), *args, **kwargs)

    def update(self, **kwargs):
        if self.NAME_SOURCES & set(kwargs) and not set(self.NAME_DERIVED) <= set(kwargs):
            # A name changed by UPDATE alone would leave its sort and search keys behind (bulk_update sets both).
            raise TypeError(f"Change {', '.join(sorted(self.NAME_SOURCES))} with save() or bulk_update().")
        return super().update(**kwargs)

    def matching(self, query: str):
        """Rows whose name (or code) has the query's words at the start of its words, diacritics and case ignored:
        "nguyen van" finds "Nguyễn Văn An", "bac ha" finds "Phường Bắc Hà", "dang" finds "Đặng Thị Mai"."""
        pattern = search_key(query)
        return self.filter(search_name__contains=pattern) if pattern.strip() else self


class UnitQuerySet(DerivedNamesQuerySet):
    NAME_SOURCES = {"name", "code"}
    NAME_DERIVED = ("search_name",)

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
        """Kinds of both tiers of local government since 1 July 2025, and those of before kept for the history
        (the former city or district People's Committee and its offices)."""

        PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Department (sở)")
        # Before 1/7/2025: a city, town or district People's Committee (the abolished district level).
        PEOPLES_COMMITTEE = "peoples_committee", _("District-level People's Committee (before 1/7/2025)")
        # An office of a department, of a ward or commune, or of a former district: what it belongs to is its parent.
        OFFICE = "office", _("Specialised office (phòng)")
        BOARD = "board", _("Board (ban)")
        PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
        WARD = "ward", _("Ward People's Committee")
        COMMUNE = "commune", _("Commune People's Committee")
        SPECIAL_ZONE = "special_zone", _("Special zone (đặc khu)")
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
    # Set when a reorganisation dissolves the unit (culture_portal.reorganisation): where its work went. For a split,
    # the main successor; a dissolved desk's QR address and the feedback form's ?unit= answer with it.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="predecessors",
    )
    # Derived from name and code on every save (names_derive), never typed: see culture_portal.text.search_key.
    search_name = models.CharField(max_length=320, editable=False, default="")
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
            # Searching units by name or code (Unit.objects.matching: search_name LIKE '% bac ha%') uses a trigram
            # GIN index on PostgreSQL, unit_search_trgm_idx, made by migration 0011 (SQLite has no such index).
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

    def save(self, *args, **kwargs):
        self.names_derive()
        kwargs["update_fields"] = _with_derived(
            kwargs.get("update_fields"), UnitQuerySet.NAME_SOURCES, UnitQuerySet.NAME_DERIVED
        )
        super().save(*args, **kwargs)

    def names_derive(self) -> None:
        """One spelling (NFC, single spaces) for the name, whatever path it came in by, and its search key."""
        self.name = normalise_text(self.name)
        self.search_name = search_key(self.name, self.code)

    @property
    def is_desk(self) -> bool:
        return self.kind == self.Kind.RECEPTION_DESK

    def contains(self, other: "Unit") -> bool:
        """Whether `other` is this unit or one of its sub-units: the in-memory twin of
        Unit.objects.subtree_of(self), by the same path prefix (ids are fixed-width, each closed by "/")."""
        return other.path.startswith(self.path)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class OfficialQuerySet(DerivedNamesQuerySet):
    NAME_SOURCES = {"full_name", "employee_code"}
    NAME_DERIVED = ("sort_key", "search_name")

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
    # Derived from full_name and employee_code on every save and bulk write (names_derive), never typed:
    # the Vietnamese order (given name, middle, family; culture_portal.text.name_sort_key) and the search key.
    sort_key = models.CharField(max_length=255, editable=False, default="")
    search_name = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["sort_key", "employee_code"]
        indexes = [
            # The roll of a unit (unit page, attendance checks, finding's official): unit = ? AND is_active,
            # in name order.
            models.Index(fields=["unit", "is_active", "sort_key"], name="official_unit_roll_idx"),
            # The officials list and the pickers: ORDER BY sort_key, employee_code LIMIT 50, read in index order.
            models.Index(fields=["sort_key", "employee_code"], name="official_sort_idx"),
            # Searching by name or code (Official.objects.matching: search_name LIKE '% nguyen van%') uses a
            # trigram GIN index on PostgreSQL, official_search_trgm_idx, made by migration 0011.
        ]

    def __str__(self):
        return f"{self.full_name} ({self.employee_code})"

    def save(self, *args, **kwargs):
        self.names_derive()
        kwargs["update_fields"] = _with_derived(
            kwargs.get("update_fields"), OfficialQuerySet.NAME_SOURCES, OfficialQuerySet.NAME_DERIVED
        )
        super().save(*args, **kwargs)

    def names_derive(self) -> None:
        """One spelling (NFC, single spaces) for the name, whatever path it came in by; its sort and search keys."""
        self.full_name = normalise_text(self.full_name)
        self.sort_key = name_sort_key(self.full_name)
        self.search_name = search_key(self.full_name, self.employee_code)
