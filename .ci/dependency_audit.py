"""Dependency vulnerability audit: every distribution installed in the project's environment, against PyPI's
advisories (the Python Packaging Advisory Database). Run by `.ci/dependency-audit` with the project's Python.

pip-audit asks PyPI for each release's advisories (/pypi/<name>/<version>/json); where it gets an answer, its
verdict stands. Where only the per-project JSON is served (/pypi/<name>/json: on our machines in 2026-11 the
per-release address answers 404), PyPI lists there the advisories of the project's newest release. For a
distribution installed at that release they are exactly the ones that apply, so they are checked here. A release
that was yanked is a finding too. What neither source could check is printed as not audited, by name: it is
never counted as passed.

Exit status: 1 if any advisory (not accepted in docs/security-allowlist.md) or yanked release was found, else 0.
"""

import json
import re
import subprocess  # nosec B404 - runs pip-audit from the project's own environment
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.version import InvalidVersion, Version  # installed with pip-audit

ALLOWLIST = Path(__file__).resolve().parent.parent / "docs" / "security-allowlist.md"
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
TIMEOUT_SECONDS = 30


@dataclass
class Report:
    findings: list[str] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)
    not_audited: list[str] = field(default_factory=list)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def accepted_advisories(text: str) -> set[str]:
    """Advisory ids in the first column of the allow-list's table, e.g. | `PYSEC-2024-1` | …"""
    return set(re.findall(r"^\| `([A-Za-z]+-[0-9A-Za-z-]+)`", text, flags=re.MULTILINE))


def installed_distributions() -> dict[str, str]:
    return {canonical(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}


def release_series(version: str) -> str:
    return ".".join(version.split(".")[:2])


def newest_in_series(version: str, releases: dict) -> bool:
    """Whether no later final release of the same X.Y series exists (security fixes land on the newest patch)."""
    mine = Version(version)
    for other in releases:
        try:
            candidate = Version(other)
        except InvalidVersion:
            continue
        if candidate.release[:2] == mine.release[:2] and not candidate.is_prerelease and candidate > mine:
            return False
    return True


def audit_from_project_json(name: str, version: str, project: dict | None, accepted: set[str], report: Report):
    """Checks one distribution that pip-audit could not, from the project's JSON (None: it could not be had)."""
    if project is None:
        report.not_audited.append(f"{name} {version}: PyPI could not be reached")
        return
    files = project.get("releases", {}).get(version, [])
    yanked = [f for f in files if f.get("yanked")]
    if yanked:
        reason = yanked[0].get("yanked_reason") or "no reason given"
        report.findings.append(f"{name} {version}: this release was yanked from PyPI ({reason})")
    newest = project.get("info", {}).get("version")
    if newest != version:
        newest_patch = newest_in_series(version, project.get("releases", {}))
        where = f"{'the newest' if newest_patch else 'not the newest'} of its series {release_series(version)}.x"
        report.not_audited.append(
            f"{name} {version}: advisories are served here for the newest release only ({newest}); {version} is {where}"
        )
        return
    reported: set[str] = set()  # PyPI lists one flaw under each of its ids (PYSEC-…, GHSA-…): say it once
    for advisory in project.get("vulnerabilities") or []:
        ids = {advisory.get("id", ""), *(advisory.get("aliases") or [])}
        if advisory.get("withdrawn") or ids & accepted or ids & reported:
            continue
        reported |= ids
        fixed = ", ".join(advisory.get("fixed_in") or []) or "no fixed release"
        names = " / ".join([advisory.get("id", ""), *sorted(advisory.get("aliases") or [])])
        report.findings.append(f"{name} {version}: {names} (fixed in: {fixed})")
    report.audited.append(f"{name} {version}")


def audit_pip_audit_report(pip_audit: dict, installed: dict[str, str], fetch_project, accepted: set[str]) -> Report:
    """Merges pip-audit's JSON report with the per-project check of what pip-audit skipped."""
    report = Report()
    skipped = []
    for dependency in pip_audit.get("dependencies", []):
        name = canonical(dependency["name"])
        version = dependency.get("version") or installed.get(name, "?")
        if dependency.get("skip_reason"):
            skipped.append((name, version))
            continue
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            report.findings.append(f"{name} {version}: {vuln['id']} (fixed in: {fixed})")
        report.audited.append(f"{name} {version}")
    with ThreadPoolExecutor(max_workers=8) as pool:
        projects = list(pool.map(lambda item: fetch_project(item[0]), skipped))
    for (name, version), project in zip(skipped, projects, strict=True):
        audit_from_project_json(name, version, project, accepted, report)
    return report


def fetch_project(name: str) -> dict | None:
    try:
        with urllib.request.urlopen(PROJECT_JSON.format(name=name), timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310  # nosec B310
            return json.load(answer)
    except (OSError, ValueError):
        return None


def run_pip_audit(accepted: set[str]) -> dict:
    ignores = [arg for advisory in sorted(accepted) for arg in ("--ignore-vuln", advisory)]
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off", *ignores]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    try:
        return json.loads(finished.stdout)
    except ValueError:
        print(finished.stderr.strip(), file=sys.stderr)
        return {"dependencies": []}


def main() -> int:
    accepted = accepted_advisories(ALLOWLIST.read_text(encoding="utf-8"))
    installed = installed_distributions()
    report = audit_pip_audit_report(run_pip_audit(accepted), installed, fetch_project, accepted)
    for line in report.findings:
        print(f"FOUND  {line}")
    for line in report.not_audited:
        print(f"NOT AUDITED  {line}")
    print(
        f"Dependency audit: {len(report.audited)} of {len(installed)} installed distributions audited, "
        f"{len(report.not_audited)} not audited, {len(report.findings)} finding(s); "
        f"{len(accepted)} advisory(ies) accepted in {ALLOWLIST.name}."
    )
    if not report.audited:
        print("WARNING: no advisory data could be had: the dependencies were not audited this time.", file=sys.stderr)
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
