"""Keyset pagination: a page is found from where its neighbour ended, never by counting the rows before it.

With OFFSET, PostgreSQL reads and throws away every row before the page: at a province's million cases the last
page of the case list took 4 s. Here a page is `WHERE (k1, k2, id) > (the cursor) ORDER BY k1, k2, id LIMIT n + 1`,
which an index on the same keys serves at any depth, from its first entry or its last.

The keys are non-null fields of the model, all in one direction, the last one unique (the id), and the queryset
must fetch them. The links carry `after=<cursor>`, `before=<cursor>` or `last=1`; a cursor is the page edge's key
values, readable, not secret (every row behind it is filtered by the queryset the view built for its user).
The total is counted up to a bound only, so no page counts a million rows to print one number.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F

# Django's own row-value comparisons, written for composite primary keys (5.2): `(a, b, c) > (x, y, z)` on
# PostgreSQL and SQLite alike. Internal to Django, hence pinned with it; tests/culture_portal/test_keyset.py
# reads the SQL they produce.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.translation import gettext as _


class InvalidCursor(ValueError):
    """A page link that was not made by this paginator (edited by hand, truncated, or from an older version)."""


@dataclass
class KeysetPage:
    items: list
    has_next: bool
    has_previous: bool
    next_cursor: str | None
    previous_cursor: str | None
    total: int | None
    total_is_bound: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


class KeysetPaginator:
    def __init__(self, queryset, keys: tuple[str, ...], per_page: int, *, descending=False, count_bound=1000):
        self.queryset = queryset
        self.keys = keys
        self.per_page = per_page
        self.descending = descending
        self.count_bound = count_bound
        self.fields = [queryset.model._meta.pk if key in ("pk", "id") else _field(queryset.model, key) for key in keys]

    def page(self, params) -> KeysetPage:
        """The page `params` (a request's GET) asks for; raises InvalidCursor for a cursor it cannot read."""
        if params.get("last"):
            rows = self._rows(backwards=True)
            items, more = rows[: self.per_page], len(rows) > self.per_page
            items.reverse()
            return self._page(items, has_next=False, has_previous=more)
        if params.get("before"):
            rows = self._rows(backwards=True, edge=self.decode(params["before"]))
            items, more = rows[: self.per_page], len(rows) > self.per_page
            items.reverse()
            return self._page(items, has_next=True, has_previous=more)
        edge = self.decode(params["after"]) if params.get("after") else None
        rows = self._rows(backwards=False, edge=edge)
        items, more = rows[: self.per_page], len(rows) > self.per_page
        return self._page(items, has_next=more, has_previous=edge is not None)

    def rows_beyond(self, edge: list | None = None, *, backwards=False):
        """The rows after `edge` (decoded key values; None: from the start), or before it going `backwards`, in the
        order of the walk, one more than a page (to tell whether another page follows)."""
        descending = self.descending != backwards
        queryset = self.queryset.order_by(*[F(key).desc() if descending else F(key).asc() for key in self.keys])
        if edge is not None:
            beyond = TupleLessThan if descending else TupleGreaterThan
            queryset = queryset.filter(beyond(Tuple(*[F(key) for key in self.keys]), edge))
        return queryset[: self.per_page + 1]

    def _rows(self, *, backwards: bool, edge: list | None = None) -> list:
        return list(self.rows_beyond(edge, backwards=backwards))

    def _page(self, items: list, *, has_next: bool, has_previous: bool) -> KeysetPage:
        total = None
        if self.count_bound is not None:
            total = self.queryset.order_by()[: self.count_bound + 1].count()
        return KeysetPage(
            items=items,
            has_next=has_next and bool(items),
            has_previous=has_previous and bool(items),
            next_cursor=self.encode(items[-1]) if items else None,
            previous_cursor=self.encode(items[0]) if items else None,
            total=min(total, self.count_bound) if total is not None else None,
            total_is_bound=total is not None and total > self.count_bound,
        )

    def encode(self, row) -> str:
        values = [getattr(row, key) for key in self.keys]
        text = json.dumps([value.isoformat() if isinstance(value, datetime.date) else value for value in values])
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> list:
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            values = json.loads(text)
        except (binascii.Error, UnicodeError, ValueError) as error:
            raise InvalidCursor(cursor) from error
        if not isinstance(values, list) or len(values) != len(self.keys):
            raise InvalidCursor(cursor)
        try:
            decoded = [field.to_python(value) for field, value in zip(self.fields, values, strict=True)]
        except (ValidationError, TypeError) as error:
            raise InvalidCursor(cursor) from error
        if any(value is None for value in decoded):
            raise InvalidCursor(cursor)
        return decoded


def keyset_page(request, paginator: KeysetPaginator) -> tuple[KeysetPage, int]:
    """(the page the request asks for, the response status): a page link that cannot be read shows the first page
    with a message, answered 400 so that a client repeating it learns it is wrong."""
    try:
        return paginator.page(request.GET), 200
    except InvalidCursor:
        messages.warning(
            request, _("That page link is not valid (perhaps shortened or out of date): here is the first page.")
        )
        return paginator.page({}), 400


def _field(model, name: str):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise ValueError(f"{model.__name__} has no field {name!r} to page on") from None
    return field.output_field if field.generated else field
