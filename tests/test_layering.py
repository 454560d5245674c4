"""Which part of the portal may import which (the picture in the README's "Where code goes").

    culture_portal (the core)  <-  regulations  <-  feedback  <-  inspections
                                               <-------------------  inspections

Inspections cite complaints (an inspection's grounds, issue 18); feedback never imports inspections: the case page
learns what inspections know about a case through feedback.case_links.
    culture_portal.leadership, culture_portal.scale: on top of everything; nothing imports them

The core imports no app: apps tell it what it needs through registries filled in their AppConfig.ready(). Every
import statement counts, at the top of a module or inside a function. Migrations are left out (Django loads them
by name).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("regulations", "inspections", "feedback")
ON_TOP = ("culture_portal.leadership", "culture_portal.scale")
# What each part may import of the portal's own packages (besides itself and the core).
ALLOWED = {
    "culture_portal": set(),
    "regulations": set(),
    "inspections": {"regulations", "feedback"},
    "feedback": {"regulations"},
}


def part_of(module: str) -> str:
    for top in ON_TOP:
        if module == top or module.startswith(top + "."):
            return top
    return module.split(".")[0]


def modules():
    for package in ("culture_portal", *APPS):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name for name in names if part_of(name) in {"culture_portal", *APPS, *ON_TOP}}


@pytest.mark.parametrize(("module", "path"), list(modules()), ids=lambda value: str(value).split("/")[-1])
def test_each_module_imports_only_what_its_layer_may(module, path):
    part = part_of(module)
    if part in ON_TOP:
        return
    wrong = sorted(name for name in imported(path) if part_of(name) not in {part, "culture_portal"} | ALLOWED[part])
    assert not wrong, f"{module} imports {wrong}: see the layers in tests/test_layering.py"


# The project's wiring (settings, the root URLconf) lists the apps by design; everything else in the core names none.
WIRING = {"culture_portal.settings", "culture_portal.urls"}
APP_URL_NAME = re.compile(r"^(?:regulations|inspections|feedback|open311):")


@pytest.mark.parametrize(
    ("module", "path"),
    [(module, path) for module, path in modules() if part_of(module) == "culture_portal" and module not in WIRING],
    ids=lambda value: str(value).split("/")[-1],
)
def test_the_core_names_no_app_url(module, path):
    named = [
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and APP_URL_NAME.match(node.value)
    ]
    assert not named, f"{module} names {named}: let the app register it (see culture_portal/reorganisation.py)"
