"""``vvxauto steps``: the catalogue generated from the registered steps, and docs/steps.md kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from step_defs.registry import STEPS
from vvxauto.cli import main
from vvxauto.steps_catalogue import catalogue, render_brief, render_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "steps.md"
README = Path(__file__).resolve().parents[2] / "README.md"


def test_steps_command_lists_every_phrase_with_its_docstring(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps"]) == 0
    out = capsys.readouterr().out
    assert "When  <caller> dials <callee>" in out
    assert "Then  the <led> LED of <role> is <look>" in out
    assert "e.g. Then the Line 1 LED of alice is flashing green" in out
    for entry in STEPS:
        assert entry.display in out
        assert entry.doc, f"step {entry.phrase!r} of {entry.module} has no docstring"
    assert f"{len(STEPS)} steps" in out


def test_steps_markdown_is_a_table_per_area(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Step catalogue")
    assert "## calls" in out and "## leds" in out
    assert "| **When** `<caller> dials <callee>` |" in out
    assert "(cfparse)" in out  # the softkey list step


def test_docs_steps_md_is_the_generated_catalogue() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(catalogue()), (
        "docs/steps.md is stale: regenerate it with `vvxauto steps --markdown > docs/steps.md`"
    )


def test_readme_shows_the_generated_catalogue() -> None:
    text = README.read_text(encoding="utf-8")
    begin, end = "<!-- steps:begin -->\n", "<!-- steps:end -->"
    shown = text[text.index(begin) + len(begin):text.index(end)]
    assert shown == render_brief(catalogue()), (
        "the README's step catalogue is stale: replace the block between the steps markers with "
        "the output of `vvxauto steps --brief`"
    )


def test_steps_brief_lists_each_phrase_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps", "--brief"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "When  <caller> dials <callee>" in lines
    assert sum(1 for line in lines if line[:5].strip() in ("Given", "When", "Then")) == len(STEPS)


def test_no_two_steps_of_a_keyword_share_a_phrase() -> None:
    seen = [(e.kind, e.phrase) for e in STEPS]
    assert len(seen) == len(set(seen))


def test_every_example_matches_exactly_one_step() -> None:
    """pytest-bdd would silently pick one of two matching steps: the phrases must not overlap."""
    from pytest_bdd import parsers

    from step_defs.params import TYPES

    compiled = [(e, (parsers.parse if e.parser == "parse" else parsers.cfparse)(e.phrase, extra_types=TYPES))
                for e in STEPS]
    for entry in STEPS:
        found = [e.phrase for e, p in compiled if e.kind == entry.kind and p.is_matching(entry.example)]
        assert found == [entry.phrase], f"{entry.kind} {entry.example!r} matches {found}"
