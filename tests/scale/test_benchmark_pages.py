"""benchmark_pages at `tiny`, in-process only: every page answers on the seeded data, the figures are written.

The served part is left out here: it starts gunicorn, whose workers open their own connections, and the test
database (SQLite in memory, or a PostgreSQL transaction never committed) is invisible to another process. It runs
for real with `make bench-pages` on a scratch PostgreSQL database (README, "Data at a province's scale").
"""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

FIELDS = {"name", "role", "path", "status", "p50_ms", "p95_ms", "queries", "throughput", "ratio", "target", "verdict"}


def test_every_page_answers_and_the_figures_are_written(seeded):
    json_path, markdown_path = seeded / "pages.json", seeded / "pages.md"
    call_command(
        "benchmark_pages", runs=1, skip_served=True, size_label="tiny", json_path=str(json_path),
        markdown_path=str(markdown_path), stdout=open(seeded / "pages.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    figures = json.loads(json_path.read_text(encoding="utf-8"))
    assert figures["size_label"] == "tiny" and figures["served"] is None
    assert figures["sizes"]["feedback cases"] == 1_000 and figures["machine"]["cores"] >= 1
    endpoints = figures["endpoints"]
    assert len(endpoints) > 40
    assert len({(entry["name"], entry["role"]) for entry in endpoints}) == len(endpoints)
    assert {entry["role"] for entry in endpoints if entry["name"] == "home"} == {
        "staff", "inspector", "feedback_officer", "unit_head", "leadership", "administrator",
    }  # fmt: skip
    for entry in endpoints:
        assert FIELDS <= entry.keys(), entry
        # Every page the seeded data has an object for exists today: a skip would be a page gone (or renamed).
        assert entry["status"] == 200, entry
        assert isinstance(entry["queries"], int) and entry["queries"] >= 0, entry
        assert entry["p50_ms"] <= entry["p95_ms"] and entry["verdict"] in ("ok", "over"), entry
    table = markdown_path.read_text(encoding="utf-8")
    assert "size tiny" in table and "| endpoint | role | p50 ms | p95 ms | req/s |" in table
    assert table.count("\n| home | ") == 6


def test_bad_input_is_refused(db):
    with pytest.raises(CommandError, match="--runs must be between 1 and 1000"):
        call_command("benchmark_pages", runs=0, skip_served=True)
    with pytest.raises(CommandError, match="--seconds must be between 1 and 60"):
        call_command("benchmark_pages", seconds=61)


def test_without_seeded_accounts_it_asks_for_seed_scale(db):
    with pytest.raises(CommandError, match="run seed_scale first"):
        call_command("benchmark_pages", runs=1, skip_served=True)


def test_the_reference_view_is_routed_only_for_the_benchmark(client):
    with pytest.raises(Resolver404):
        resolve("/benchmark/reference/")  # PORTAL_BENCHMARK_REFERENCE unset: production never routes it
    with override_settings(ROOT_URLCONF="culture_portal.scale.urls"):
        response = Client().get("/reference/")
    assert response.status_code == 200 and response.content == b"ok"
