"""What other apps know about a case, shown on its page without feedback importing them.

The spine runs one way: inspections cite complaints, feedback never imports inspections. An app that has something
to say about a case registers it here in its AppConfig.ready():

- a panel of the case page: `(user, case) -> CasePanel | None`, None when it has nothing the user may see;
- the bases of an answer: `(case) -> list[str]`, sentences the answer form starts from (the officer edits them
  before anything reaches the citizen).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CasePanel:
    template: str
    context: dict = field(default_factory=dict)


_panels: list[Callable] = []
_answer_bases: list[Callable] = []


def register_case_panel(panel: Callable) -> None:
    if panel not in _panels:
        _panels.append(panel)


def register_answer_basis(basis: Callable) -> None:
    if basis not in _answer_bases:
        _answer_bases.append(basis)


def case_panels(user, case) -> list[CasePanel]:
    return [shown for panel in _panels if (shown := panel(user, case)) is not None]


def answer_bases(case) -> list[str]:
    return [sentence for basis in _answer_bases for sentence in basis(case)]
