"""Set-based writes: rows streamed into a table with COPY on PostgreSQL, executemany elsewhere (SQLite, `tiny`).

Tables and columns come from each model's `_meta`, so a renamed field fails here loudly instead of writing
into a column that no longer exists; columns left out take their database default (`db_default`).
"""

import datetime
import io
import json
import uuid

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_string(value: str) -> str:
    # Most texts hold none of the four characters: testing is cheaper than translating every one.
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def _copy_json(value) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_COPY_ESCAPES)


# COPY's text format, by the Python type of the value (one dictionary look-up per value).
_COPY_BY_TYPE = {
    str: _copy_string,
    int: str,
    float: repr,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    uuid.UUID: str,
    dict: _copy_json,
    list: _copy_json,
}


def _copy_converter(kind: type):
    """For a subclass (a TextChoices or IntegerChoices member): its base type's converter, remembered."""
    for base, convert in (
        (bool, _COPY_BY_TYPE[bool]), (str, lambda value: _copy_string(str.__str__(value))),
        (int, lambda value: str(int(value))), (datetime.datetime, datetime.datetime.isoformat),
        (datetime.date, datetime.date.isoformat), (dict, _copy_json), (list, _copy_json),
    ):  # fmt: skip
        if issubclass(kind, base):
            _COPY_BY_TYPE[kind] = convert
            return convert
    raise TypeError(f"No COPY text for {kind.__name__} values.")


def _copy_text(value) -> str:
    convert = _COPY_BY_TYPE.get(type(value))
    return (convert or _copy_converter(type(value)))(value)


class Table:
    """Where rows of one model go: `table.write(rows)` with rows as tuples in the order of `fields`."""

    def __init__(self, model, fields: list[str]):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        self.table = model._meta.db_table
        self.columns = [field.column for field in self.fields]
        self.rows_written = 0

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO("".join("\t".join(map(_copy_text, row)) + "\n" for row in rows))
                cursor.copy_expert(f"COPY {quote(self.table)} ({columns}) FROM STDIN", buffer)
            else:
                placeholders = ", ".join(["%s"] * len(self.columns))
                fields = self.fields
                prepared = [
                    tuple(field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True))
                    for row in rows
                ]
                statement = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from _meta  # nosec B608
                cursor.executemany(statement, prepared)
        self.rows_written += len(rows)


def next_id(model) -> int:
    """The first id free after every existing row: seeded rows take explicit ids from here on."""
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def sequences_reset(models) -> None:
    """After explicit ids, the next row saved by the portal must not collide with them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uuid_from(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def foreign_key_checks_off() -> bool:
    """On PostgreSQL (as a superuser), skip the per-row foreign-key triggers for this transaction: a million rows
    checked one by one at commit take longer than writing them. `foreign_keys_verify` then checks every key set-wise
    before the commit. Returns whether the checks were turned off."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def foreign_keys_verify(models) -> None:
    """Every foreign key of these tables points at an existing row (one anti-join per key); ValueError if not."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            for field in model._meta.concrete_fields:
                if not (field.is_relation and field.db_constraint):
                    continue
                target, column = field.target_field, quote(field.column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} AS c WHERE c.{column} IS NOT NULL "  # noqa: S608 - names from _meta  # nosec B608
                    f"AND NOT EXISTS (SELECT 1 FROM {quote(target.model._meta.db_table)} AS p "
                    f"WHERE p.{quote(target.column)} = c.{column})"
                )
                missing = cursor.fetchone()[0]
                if missing:
                    raise ValueError(f"{missing} rows of {model._meta.db_table}.{field.column} point at nothing.")


def foreign_key_checks_on() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


class IndexesSetAside:
    """On PostgreSQL, the secondary indexes of big tables are dropped while rows are copied in and built again
    afterwards (one sort per index instead of a million insertions into each): the usual way to bulk-load.

    Indexes that back a constraint (primary keys, unique constraints) stay, so every constraint is still enforced
    while the rows go in. All of it happens inside the seeding's transaction: a failure leaves the indexes as
    they were.
    """

    def __init__(self, models):
        self.tables = [model._meta.db_table for model in models]
        self.definitions: list[tuple[str, str]] = []

    def __enter__(self):
        if connection.vendor != "postgresql":
            return self
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [self.tables],
            )
            self.definitions = cursor.fetchall()
            for name, _definition in self.definitions:
                cursor.execute(f"DROP INDEX {name}")
        return self

    def rebuild(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in self.definitions:
                cursor.execute(definition)
        rebuilt, self.definitions = len(self.definitions), []
        return rebuilt

    def __exit__(self, *exc_info):
        if exc_info[0] is None and self.definitions:
            self.rebuild()
