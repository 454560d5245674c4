"""seed_scale at `tiny` (on SQLite and PostgreSQL alike): consistent data, every status, pages that answer on it, a
--drop that removes exactly what was seeded, and the leadership benchmark's JSON."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, Q
from django.test import Client
from django.utils import timezone

from culture_portal.models import Official, Unit
from culture_portal.scale.bulk import foreign_keys_verify
from feedback.models import Case, CaseEvent, Complainant, DeskRating
from inspections.models import (
    AttendanceRecord,
    ChecklistItem,
    Conclusion,
    CorrectiveAction,
    Finding,
    Inspection,
    Notice,
)
from regulations.models import Acknowledgement, CampaignAssignment, Training


def _every_row_count() -> dict[str, int]:
    return {
        model._meta.db_table: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def test_tiny_is_consistent(seeded):
    # Counts per table in the ranges of a thousandth of a province (a floor for a tree of every kind of unit).
    assert Unit.objects.filter(code__startswith="SC-").count() == 14
    assert 50 <= Official.objects.count() <= 80
    assert Case.objects.count() == 1_000 and Complainant.objects.count() == 1_000
    assert 3_000 <= CaseEvent.objects.count() <= 5_000
    assert Inspection.objects.count() == 100
    assert 350 <= Finding.objects.count() <= 700
    assert DeskRating.objects.count() == 400
    assert ChecklistItem.objects.exists() and AttendanceRecord.objects.exists() and Notice.objects.exists()
    assert CampaignAssignment.objects.count() > Acknowledgement.objects.count() > 0
    assert Training.objects.filter(participants__isnull=False).exists()
    # Every status and track.
    for model, field, values in [
        (Case, "status", Case.Status.values),
        (Case, "track", [value for value, _label in Case._meta.get_field("track").choices]),
        (Case, "channel", Case.Channel.values),
        (Case, "nature", Case.Nature.values),
        (Inspection, "status", Inspection.Status.values),
        (Inspection, "kind", Inspection.Kind.values),
        (CorrectiveAction, "status", CorrectiveAction.Status.values),
        (Conclusion, "status", [Conclusion.Status.DRAFT, Conclusion.Status.APPROVED]),
    ]:
        present = set(model.objects.values_list(field, flat=True).distinct())
        assert set(values) <= present, (model.__name__, field, set(values) - present)
    # Every foreign key of every table points at a row; constraints the database does not check hold too.
    foreign_keys_verify(apps.get_models(include_auto_created=True))
    now = timezone.now()
    assert not Case.objects.filter(Q(answered_at__lt=F("received_at")) | Q(received_at__gt=now)).exists()
    assert not Case.objects.filter(status=Case.Status.ANSWERED, answered_due_on__isnull=True).exists()
    assert not Case.objects.filter(status__in=Case.OPEN_STATUSES, due_on__isnull=True).exists()
    assert not CaseEvent.objects.filter(at__gt=now).exists()
    assert set(Case.objects.exclude(rating=None).values_list("rating", flat=True)) <= {1, 2, 3, 4, 5}
    assert not Inspection.objects.filter(status="planned", window_start__lt=now).exists()
    assert not Notice.objects.filter(number__isnull=True).exists()
    assert not Finding.objects.exclude(unit__inspections=F("inspection")).exists()
    first_day = timezone.localdate() - datetime.timedelta(days=5 * 366)
    assert Case.objects.filter(received_at__date__lt=first_day + datetime.timedelta(days=60)).exists()
    # The unit head's subtree holds units, officials and cases.
    head = Official.objects.select_related("unit").get(user__username="sc-unithead")
    subtree = Unit.objects.subtree_of(head.unit)
    assert subtree.count() > 1
    assert Case.objects.filter(unit__in=subtree).exists()


def test_pages_answer_on_the_seeded_data(seeded):
    users = get_user_model().objects.in_bulk(
        ["sc-staff-001", "sc-inspector-01", "sc-officer-01", "sc-unithead", "sc-leader", "sc-admin"],
        field_name="username",
    )
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        assert client.get("/").status_code == 200, username
        if username in ("sc-leader", "sc-unithead"):
            year = timezone.localdate().year
            assert client.get(f"/dashboard/?kind=year&year={year}").status_code == 200, username
    assert len(users) == 6


def test_drop_removes_exactly_what_was_seeded(catalogue, leader_user, officer_user, settings, tmp_path):
    settings.DEBUG = True
    before = _every_row_count()
    assert before["culture_portal_unit"] > 0 and before["auth_user"] > 0  # rows of others, to be left alone
    call_command("seed_scale", size="tiny", stdout=open(tmp_path / "seed.log", "w"))  # noqa: SIM115
    assert Case.objects.count() == 1_000
    with pytest.raises(CommandError, match="--drop"):
        call_command("seed_scale", size="tiny")
    call_command("seed_scale", only_drop=True, stdout=open(tmp_path / "drop.log", "w"))  # noqa: SIM115
    after = _every_row_count()
    assert {table: (before[table], after[table]) for table in before if before[table] != after[table]} == {}
    leader_user.refresh_from_db()
    assert leader_user.official.unit.code == "CITY"


def test_refusals(catalogue, settings, monkeypatch):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_scale", size="tiny")
    settings.DEBUG = True
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="needs PostgreSQL"):
            call_command("seed_scale", size="province")
    else:
        monkeypatch.setitem(connection.settings_dict, "NAME", "culture_portal")
        with pytest.raises(CommandError, match="does not look like a scratch one"):
            call_command("seed_scale", size="tiny")
    assert not Unit.objects.filter(code__startswith="SC-").exists()


def test_empty_catalogue_is_refused(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="catalogue of norms is empty"):
        call_command("seed_scale", size="tiny")
    assert not Unit.objects.exists()


def test_benchmark_writes_one_entry_per_endpoint(seeded):
    json_path, markdown_path = seeded / "bench.json", seeded / "bench.md"
    call_command(
        "benchmark_leadership", runs=2, json_path=str(json_path), markdown_path=str(markdown_path),
        stdout=open(seeded / "bench.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    figures = json.loads(json_path.read_text(encoding="utf-8"))
    names = [entry["name"] for entry in figures["endpoints"]]
    assert len(names) == len(set(names)) == 9  # six home pages, the dashboard twice, the report
    assert sum(name.startswith("home (") for name in names) == 6
    assert figures["sizes"]["feedback cases"] == 1_000
    for entry in figures["endpoints"]:
        if entry["name"].startswith(("home", "dashboard")):
            assert entry["status"] == 200, entry
            assert len(entry["times_ms"]) == 2 and entry["p50_ms"] <= entry["max_ms"] and entry["queries"] > 0
        else:
            assert entry["status"] == 200 or entry["note"] == "not available yet", entry
    table = markdown_path.read_text(encoding="utf-8")
    assert table.count("\n| home (") == 6 and "| p50 ms |" in table


def test_a_field_the_models_do_not_have_fails_loudly(db):
    from django.core.exceptions import FieldDoesNotExist

    from culture_portal.scale.bulk import Table

    with pytest.raises(FieldDoesNotExist):
        Table(Case, ["tracking_code", "renamed_away"])
    assert Table(Case, ["unit", "received_at"]).columns == ["unit_id", "received_at"]
