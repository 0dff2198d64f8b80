"""What the benchmark scripts share: the repository on ``sys.path``, their argument parser, their report.

A script imports it first (``import _common``): ``python bench/<name>.py`` puts ``bench/`` on the
path, and this module puts the repository root there too, so ``vvxauto`` is the working tree's.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["ROOT", "argument_parser", "report"]


def argument_parser(doc: str | None) -> argparse.ArgumentParser:
    """A parser described by the first line of the script's docstring."""
    return argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)


def report(rows: Sequence[tuple[str, str]]) -> None:
    """Print one ``label: value`` line per row; a script puts its headline figure (the ratio) last."""
    for label, value in rows:
        print(f"{label}: {value}")
