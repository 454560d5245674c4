"""The dependency audit CI runs (.ci/dependency_audit.py): what it reports as found, as checked, and as unchecked.

PyPI's answers are recorded ones (pypi_project_ecdsa.json is PyPI's per-project JSON for ecdsa of 2026-11,
trimmed to the fields the audit reads): CI must not depend on pypi.org being reachable to test the audit's logic.
"""

import copy
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ECDSA = json.loads((Path(__file__).parent / "pypi_project_ecdsa.json").read_text())


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("dependency_audit", ROOT / ".ci" / "dependency_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def skipped_by_pip_audit(*names):
    return {"dependencies": [{"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"} for name in names]}


def run(audit, pip_audit, installed, projects, accepted=frozenset()):
    return audit.audit_pip_audit_report(pip_audit, installed, projects.get, set(accepted))


def test_an_advisory_of_the_installed_newest_release_is_a_finding_said_once(audit):
    report = run(audit, skipped_by_pip_audit("ecdsa"), {"ecdsa": "0.19.2"}, {"ecdsa": ECDSA})
    assert report.findings == [
        "ecdsa 0.19.2: PYSEC-2026-1325 / CVE-2024-23342 / GHSA-wj6h-64fc-37mp (fixed in: no fixed release)"
    ]
    assert report.audited == ["ecdsa 0.19.2"]


@pytest.mark.parametrize("accepted_id", ["CVE-2024-23342", "GHSA-wj6h-64fc-37mp", "PYSEC-2026-1325"])
def test_an_advisory_accepted_in_the_allow_list_under_any_of_its_ids_is_not_a_finding(audit, accepted_id):
    report = run(audit, skipped_by_pip_audit("ecdsa"), {"ecdsa": "0.19.2"}, {"ecdsa": ECDSA}, {accepted_id})
    assert report.findings == []
    assert report.audited == ["ecdsa 0.19.2"]


def test_an_older_release_is_listed_as_not_audited_never_as_passed(audit):
    report = run(audit, skipped_by_pip_audit("ecdsa"), {"ecdsa": "0.18.0"}, {"ecdsa": ECDSA})
    assert report.audited == [] and report.findings == []
    assert report.not_audited == [
        "ecdsa 0.18.0: advisories are served here for the newest release only (0.19.2); "
        "0.18.0 is the newest of its series 0.18.x"
    ]


def test_a_yanked_release_is_a_finding(audit):
    project = copy.deepcopy(ECDSA)
    project["releases"]["0.19.1"][0].update(yanked=True, yanked_reason="broken signatures")
    report = run(audit, skipped_by_pip_audit("ecdsa"), {"ecdsa": "0.19.1"}, {"ecdsa": project})
    assert report.findings == ["ecdsa 0.19.1: this release was yanked from PyPI (broken signatures)"]


def test_an_unreachable_pypi_leaves_the_package_not_audited(audit):
    report = run(audit, skipped_by_pip_audit("ecdsa"), {"ecdsa": "0.19.2"}, {})
    assert report.not_audited == ["ecdsa 0.19.2: PyPI could not be reached"]
    assert report.audited == [] and report.findings == []


def test_pip_audits_own_verdicts_stand(audit):
    pip_audit = {
        "dependencies": [
            {"name": "Django", "version": "5.2.1", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"]}]},
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ]
    }
    report = run(audit, pip_audit, {}, {})
    assert report.findings == ["django 5.2.1: PYSEC-2025-1 (fixed in: 5.2.2)"]
    assert report.audited == ["django 5.2.1", "celery 5.7.0"]


def test_the_allow_list_is_read_from_the_first_column_of_its_table(audit):
    text = (
        "| advisory | package | why |\n|---|---|---|\n| `GHSA-abcd-1234-efgh` | x | y |\n| `PYSEC-2024-7` | x | y |\n"
    )
    assert audit.accepted_advisories(text) == {"GHSA-abcd-1234-efgh", "PYSEC-2024-7"}
