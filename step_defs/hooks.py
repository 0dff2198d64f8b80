"""pytest-bdd hooks of the step library: suggestions for undefined steps, the running scenario on the item.

A step no definition matches fails with pytest-bdd's ``StepDefinitionNotFoundError``; the hook
below adds the closest phrases of the registered steps (difflib over every step definition visible
to the test, the library's and the project's own), so a typo reads::

    Step definition is not found: When "alice dails bob". ...
    Closest known steps:
      When <caller> dials <callee>        e.g. When alice dials bob
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_bdd.parser import Feature, Scenario, Step

from step_defs.context import SCENARIO_KEY
from step_defs.registry import STEPS

__all__ = ["Candidate", "closest_steps", "visible_candidates"]

SUGGESTIONS = 3
MIN_SCORE = 0.5
"""How alike (difflib ratio, 0..1) a phrase must be to a step text to be suggested."""
_FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")
_QUOTED = re.compile(r'"[^"]*"')


@dataclass(frozen=True)
class Candidate:
    """A known step for suggestions: keyword, phrase as shown (``<caller> dials <callee>``), an example."""

    kind: str
    display: str
    example: str


def _library_examples() -> dict[tuple[str, str], str]:
    return {(e.kind, e.phrase): e.example for e in STEPS}


def visible_candidates(request: pytest.FixtureRequest) -> list[Candidate]:
    """Every step definition the test can see (any plugin, conftest or test module)."""
    from pytest_bdd.compat import get_fixture_names, getfixturedefs
    from pytest_bdd.steps import step_function_context_registry

    manager = request._fixturemanager
    examples = _library_examples()
    found: dict[tuple[str, str], Candidate] = {}
    for name in get_fixture_names(fixturemanager=manager):
        if not name.startswith("pytestbdd_stepdef_"):
            continue
        for fixturedef in getfixturedefs(manager, name, request.node) or []:
            context = step_function_context_registry.get(fixturedef.func)
            if context is None:
                continue
            phrase = context.parser.name
            kind = context.type or "step"
            display = _FIELD.sub(lambda m: f"<{m.group(1)}>", phrase)
            example = examples.get((kind, phrase), display)
            found[(kind, phrase)] = Candidate(kind, display, example)
    return list(found.values())


def _shape(text: str) -> str:
    """A step text with its quoted values and numbers blurred, for comparing with phrases."""
    return re.sub(r"\d+", "0", _QUOTED.sub('"x"', text.lower()))


def _score(text: str, candidate: Candidate) -> float:
    plain = text.lower()
    by_example = difflib.SequenceMatcher(None, _shape(plain), _shape(candidate.example.lower())).ratio()
    by_display = difflib.SequenceMatcher(None, plain, candidate.display.lower()).ratio()
    return max(by_example, by_display)


def closest_steps(text: str, kind: str, candidates: Iterable[Candidate],
                  n: int = SUGGESTIONS) -> list[Candidate]:
    """The ``n`` candidates closest to the step ``text``; steps of the same keyword first on a tie."""
    scored = [(_score(text, c) + (0.05 if c.kind in (kind, "step") else 0.0), c) for c in candidates]
    scored.sort(key=lambda pair: -pair[0])
    return [c for score, c in scored[:n] if score >= MIN_SCORE]


@pytest.hookimpl
def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario,
                                      step: Step, exception: Exception) -> None:
    """Append the closest known phrases to the "Step definition is not found" error."""
    candidates = visible_candidates(request)
    close = closest_steps(step.name, step.type, candidates)
    if close:
        width = max(len(c.kind) + 1 + len(c.display) for c in close)
        lines = [f"  {(c.kind.capitalize() + ' ' + c.display).ljust(width)}"
                 f"   e.g. {c.kind.capitalize()} {c.example}" for c in close]
        hint = "Closest known steps:\n" + "\n".join(lines)
    else:
        hint = "No known step is close; list them all with: vvxauto steps"
    message = f"{exception.args[0] if exception.args else exception}\n{hint}"
    exception.args = (message, *exception.args[1:])


@pytest.hookimpl
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> Any:
    """Keep the running scenario on the test item (steps look ahead at it, e.g. for call-log steps)."""
    request.node.stash[SCENARIO_KEY] = scenario
    return None
