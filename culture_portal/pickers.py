"""Pickers that search on the server: choosing one unit (or official) among thousands without a list of them all.

A `<select>` of every unit made each form grow with the province (2,000 units: 170 KiB of options on the citizen's
form, built on every request). A picker renders a search box and, as radio buttons or check boxes, only what is
chosen and the first matches of what was searched:

- without script, the search box's Find button posts the form back; the form (PickerForm) then validates nothing
  and comes back with the matches to choose from, everything typed so far kept;
- with script (static/portal/js/pickers.js), matches come as one types, from the picker's JSON address
  (culture_portal.views.units_search, officials_search), and Find is hidden.

The field is a ModelChoiceField (or the multiple one) over the queryset allowed, so what is posted is checked
against it as before; the widget reads that queryset to show the chosen rows and the matches.
"""

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from culture_portal.models import Official, Unit
from culture_portal.text import search_key

MATCHES_SHOWN = 20
QUERY_MAX = 100


def find_pressed_suffix(name: str) -> str:
    return f"{name}__find"


def query_name(name: str) -> str:
    return f"{name}__q"


def clean_query(raw) -> str:
    return " ".join(str(raw or "").replace("\x00", "")[:QUERY_MAX].split())


def units_matching(units, query: str):
    """Units whose name or code, or whose parent's, has the query's words at the start of its words: "bac ha" finds
    the ward of Bắc Hà and its one-stop desk, whose own name says only "Bộ phận một cửa"."""
    pattern = search_key(query)
    if not pattern.strip():
        return units.none()
    return units.filter(Q(search_name__contains=pattern) | Q(parent__search_name__contains=pattern))


def unit_label(unit: Unit) -> str:
    """A unit as a picker shows it: desks of many wards share a name, so the unit above is named too."""
    parent = unit.parent
    return f"{unit.name} — {parent.name}" if parent is not None else unit.name


def officials_matching(officials, query: str):
    return officials.matching(query) if search_key(query).strip() else officials.none()


def official_label(official: Official) -> str:
    return f"{official.full_name} ({official.employee_code}) — {official.unit.name}"


class SearchPicker(forms.Widget):
    """The widget of UnitPickerField / OfficialPickerField: a search box, its Find button, and the choices (the rows
    chosen, then up to MATCHES_SHOWN matches of the search)."""

    template_name = "culture_portal/widgets/search_picker.html"
    allow_multiple_selected = False

    def __init__(self, *, search_url_name: str, placeholder: str = "", search_query: str = "", attrs=None):
        super().__init__(attrs)
        self.search_url_name = search_url_name
        self.search_query = search_query
        self.placeholder = placeholder
        self.query = ""
        self.choices = ()  # set by ModelChoiceField: a ModelChoiceIterator over the field's queryset

    def id_for_label(self, id_):
        return f"{id_}__q" if id_ else id_  # the label names the search box, where the choosing starts

    def value_from_datadict(self, data, files, name):
        self.query = clean_query(data.get(query_name(name)))
        if self.allow_multiple_selected:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and query_name(name) not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen_ids = self._ids(value)
        field = self.choices.field
        queryset = field.queryset.select_related(*field.picker_related)
        chosen = list(queryset.filter(pk__in=chosen_ids)) if chosen_ids else []
        matches = []
        if self.query:
            found = field.matching(queryset, self.query).exclude(pk__in=chosen_ids)
            matches = list(found[: MATCHES_SHOWN + 1])
        options = [
            {"value": row.pk, "label": field.label_from_instance(row), "checked": True, "index": index}
            for index, row in enumerate(chosen)
        ]
        options += [
            {"value": row.pk, "label": field.label_from_instance(row), "checked": False, "index": len(chosen) + index}
            for index, row in enumerate(matches[:MATCHES_SHOWN])
        ]
        context["widget"].update(
            {
                "query": self.query,
                "query_name": query_name(name),
                "find_name": find_pressed_suffix(name),
                "options": options,
                "more": len(matches) > MATCHES_SHOWN,
                "searched": bool(self.query),
                "multiple": self.allow_multiple_selected,
                "search_url": reverse(self.search_url_name) + (f"?{self.search_query}" if self.search_query else ""),
                "placeholder": self.placeholder,
            }
        )
        return context

    @staticmethod
    def _ids(value) -> list[int]:
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = []
        for item in values:
            item = getattr(item, "pk", item)
            if isinstance(item, int) or (isinstance(item, str) and item.isdigit() and len(item) < 19):
                ids.append(int(item))
        return ids


class MultipleSearchPicker(SearchPicker):
    allow_multiple_selected = True


class UnitPickerField(forms.ModelChoiceField):
    """One unit among the field's queryset; `scope="all"` when it holds units no longer in operation too."""

    matching = staticmethod(units_matching)
    picker_related = ("parent",)

    def __init__(self, *, queryset=None, scope="active", **kwargs):
        kwargs.setdefault("help_text", _("Type part of its name (or of its ward's or commune's) and choose."))
        widget = SearchPicker(
            search_url_name="organisation:units_search",
            placeholder=_("e.g. Bắc Hà"),
            search_query="scope=all" if scope == "all" else "",
        )
        super().__init__(queryset=queryset if queryset is not None else Unit.objects.none(), widget=widget, **kwargs)

    def label_from_instance(self, obj):
        return unit_label(obj)


class UnitsPickerField(forms.ModelMultipleChoiceField):
    """Units among the field's queryset."""

    matching = staticmethod(units_matching)
    picker_related = ("parent",)

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("Type part of a name and tick; what is ticked stays when you search again."))
        widget = MultipleSearchPicker(search_url_name="organisation:units_search", placeholder=_("e.g. Bắc Hà"))
        super().__init__(queryset=queryset if queryset is not None else Unit.objects.none(), widget=widget, **kwargs)

    def label_from_instance(self, obj):
        return unit_label(obj)


class OfficialsPickerField(forms.ModelMultipleChoiceField):
    """Officials among the field's queryset."""

    matching = staticmethod(officials_matching)
    picker_related = ("unit",)

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("Type part of a name or an employee code and tick."))
        widget = MultipleSearchPicker(
            search_url_name="organisation:officials_search", placeholder=_("e.g. Nguyễn Văn An")
        )
        queryset = queryset if queryset is not None else Official.objects.none()
        super().__init__(queryset=queryset, widget=widget, **kwargs)

    def label_from_instance(self, obj):
        return official_label(obj)


class PickerFormMixin:
    """For a form with pickers (put it before forms.Form or forms.ModelForm). When a picker's Find button posted it
    (no script), it validates nothing: the page comes back with the matches and what was typed, no error shown,
    nothing saved (`is_valid()` is False)."""

    @property
    def finding(self) -> bool:
        return self.is_bound and any(
            find_pressed_suffix(self.add_prefix(name)) in self.data
            for name, field in self.fields.items()
            if isinstance(field.widget, SearchPicker)
        )

    def full_clean(self):
        if self.finding:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.finding and super().is_valid()
