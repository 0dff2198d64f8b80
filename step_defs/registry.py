"""How the step library declares its steps, and the list of every step it declared.

``given`` / ``when`` / ``then`` here wrap pytest-bdd's decorators: each compiles the phrase with
``parse`` (or ``cfparse``) and the library's parameter types (:data:`step_defs.params.TYPES`),
lets pytest-bdd inject the step fixture into the calling module (so registering that module as a
pytest plugin makes the step visible everywhere), and records a :class:`StepEntry` in
:data:`STEPS` for the catalogue (``vvxauto steps``) and for the suggestions shown when a step is
undefined.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pytest_bdd
from pytest_bdd import parsers

from step_defs.params import TYPES, example_of

__all__ = ["STEPS", "StepEntry", "given", "then", "when"]

F = TypeVar("F", bound=Callable[..., Any])
Kind = Literal["given", "when", "then"]
ParserName = Literal["parse", "cfparse"]

_FIELD = re.compile(r"\{(\w+)(?::([A-Za-z]+[+*?]?))?\}")


@dataclass(frozen=True)
class StepEntry:
    """One registered step: its keyword, phrase, parser and function."""

    kind: Kind
    phrase: str
    parser: ParserName
    func: Callable[..., Any]

    @property
    def module(self) -> str:
        """The module that defines the step (``step_defs.calls`` ...)."""
        return self.func.__module__

    @property
    def doc(self) -> str:
        """The first paragraph of the step function's docstring (``""`` without one)."""
        text = (self.func.__doc__ or "").strip()
        return " ".join(text.split("\n\n", 1)[0].split())

    @property
    def fields(self) -> list[tuple[str, str]]:
        """``(name, type)`` of each field of the phrase, in order."""
        return [(m.group(1), m.group(2) or "") for m in _FIELD.finditer(self.phrase)]

    @property
    def display(self) -> str:
        """The phrase with each field shown as ``<name>``: ``<caller> dials <callee>``."""
        return _FIELD.sub(lambda m: f"<{m.group(1)}>", self.phrase)

    @property
    def example(self) -> str:
        """The phrase with a plausible value in each field: ``alice dials bob``."""
        return _FIELD.sub(lambda m: example_of(m.group(1), m.group(2) or ""), self.phrase)


STEPS: list[StepEntry] = []
"""Every step the library's modules declared, in declaration order."""


def _declare(kind: Kind, phrase: str, parser: ParserName, target_fixture: str | None) -> Callable[[F], F]:
    if parser == "parse":
        compiled: parsers.StepParser = parsers.parse(phrase, extra_types=TYPES)
    elif parser == "cfparse":
        compiled = parsers.cfparse(phrase, extra_types=TYPES)
    else:
        raise ValueError(f"parser must be 'parse' or 'cfparse', not {parser!r}")
    declare = {"given": pytest_bdd.given, "when": pytest_bdd.when, "then": pytest_bdd.then}[kind]
    # stacklevel 2: pytest-bdd puts the step fixture into the module that called *this* decorator.
    bdd_decorator = declare(compiled, target_fixture=target_fixture, stacklevel=2)

    def decorator(func: F) -> F:
        bdd_decorator(func)
        STEPS.append(StepEntry(kind, phrase, parser, func))
        return func

    return decorator


def given(phrase: str, *, parser: ParserName = "parse",
          target_fixture: str | None = None) -> Callable[[F], F]:
    """Declare a Given step (``parse`` phrase by default, with the library's types)."""
    return _declare("given", phrase, parser, target_fixture)


def when(phrase: str, *, parser: ParserName = "parse",
         target_fixture: str | None = None) -> Callable[[F], F]:
    """Declare a When step."""
    return _declare("when", phrase, parser, target_fixture)


def then(phrase: str, *, parser: ParserName = "parse",
         target_fixture: str | None = None) -> Callable[[F], F]:
    """Declare a Then step."""
    return _declare("then", phrase, parser, target_fixture)
