"""Remove exactly what `seed_scale` wrote: the rows hanging from its roots, found through the models' foreign keys.

The roots are the units coded "SC-…", the accounts named "sc-…", the seeded issuer of documents and the trainings
whose named participants are all seeded officials. Every row of every model that points at a root (directly or
through other seeded rows) goes with it, children first; nothing else is touched. Foreign keys declared without
a database constraint (the append-only audit log) are left alone, as for any deleted account.
"""

import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from culture_portal.models import Official, Unit
from culture_portal.scale.seeding import SEED_ISSUER, UNIT_PREFIX, USER_PREFIX
from regulations.models import Issuer, Training


def _children() -> dict:
    """model -> [(child model, foreign key)] for every concrete foreign key with a database constraint."""
    children: dict = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.db_constraint:
                children.setdefault(field.related_model._meta.concrete_model, []).append((model, field))
    return children


class Dropper:
    def __init__(self, out=print):
        self.out = out
        self.children = _children()
        self.counts: dict[str, int] = {}

    def delete(self, model, where: str, params: list, stack: tuple = ()) -> None:
        """Delete rows of `model` matching `where`, after every row that points at them (depth first)."""
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        for child, field in self.children.get(model, []):
            if child is model or child in stack:
                continue  # a tree (units, merged cases) goes in one statement with its own rows
            inner = f"{quote(field.column)} IN (SELECT {pk} FROM {table} WHERE {where})"  # noqa: S608  # nosec B608
            self.delete(child, inner, params, (*stack, model))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608 - names from _meta  # nosec B608
            if cursor.rowcount:
                self.counts[model._meta.db_table] = self.counts.get(model._meta.db_table, 0) + cursor.rowcount

    def run(self) -> dict[str, int]:
        quote = connection.ops.quote_name
        User = get_user_model()
        started = time.perf_counter()
        with transaction.atomic():
            unit_column = quote(Official._meta.get_field("unit").column)
            seeded_officials = (
                f"SELECT id FROM {quote(Official._meta.db_table)} WHERE {unit_column} IN "  # noqa: S608  # nosec B608
                f"(SELECT id FROM {quote(Unit._meta.db_table)} WHERE {quote('code')} LIKE %s)"
            )
            through = Training.participants.through._meta
            participant = quote(through.get_field("official").column)
            training = quote(through.get_field("training").column)
            # Trainings that name participants, all of them seeded.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {training} FROM {quote(through.db_table)} GROUP BY {training} "  # noqa: S608  # nosec B608
                    f"HAVING SUM(CASE WHEN {participant} IN ({seeded_officials}) THEN 0 ELSE 1 END) = 0",
                    [f"{UNIT_PREFIX}%"],
                )
                trainings = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(trainings), 500):
                part = trainings[start : start + 500]
                self.delete(Training, f"id IN ({', '.join(['%s'] * len(part))})", part)
            self.delete(Issuer, f"{quote('name')} = %s", [SEED_ISSUER])
            # Accounts before units: inspections and cases hang from both, and go on the first path.
            self.delete(User, f"{quote('username')} LIKE %s", [f"{USER_PREFIX}%"])
            self.delete(Unit, f"{quote('code')} LIKE %s", [f"{UNIT_PREFIX}%"])
        self.out(f"dropped in {time.perf_counter() - started:.1f} s")
        for table, count in sorted(self.counts.items()):
            self.out(f"  {table:<40} {count:>10,}")
        return self.counts
