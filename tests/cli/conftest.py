"""Helpers of the command-line tools' tests: inventories of a running simulated lab, in-process runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Result

from vvxauto.cli import main
from vvxauto.sim import SimLab
from vvxauto.sim.lab import dumps_toml

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def write_inventory(tmp_path: Path) -> Callable[..., Path]:
    """``write_inventory(lab, edit=None)``: the lab's inventory as TOML, after ``edit(data)`` if given."""
    count = 0

    def write(lab: SimLab, edit: Edit | None = None) -> Path:
        nonlocal count
        count += 1
        data = lab.inventory()
        if edit is not None:
            edit(data)
        path = tmp_path / f"lab{count}.toml"
        path.write_text(dumps_toml(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """``run(*argv)``: ``vvxauto.cli.main(argv)`` in this process, with its exit code and output."""

    def invoke(*argv: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
