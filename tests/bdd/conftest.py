"""A fresh QA project for pytester runs: ``pytest_plugins = ["step_defs"]``, a feature and a test file."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

QA_CONFTEST = 'pytest_plugins = ["step_defs"]\n'

SMALL_LAB = ["-p", "no:cacheprovider", "--vvx-sim-models", "VVX 411,VVX 411,VVX 501", "--vvx-timeout", "3"]
"""Options of every run: a 3-phone simulated lab (two VVX 411 and a touch VVX 501), 3 s waits."""


@dataclass
class QaProject:
    """A pytester project laid out as a QA team's repository that uses the step library."""

    pytester: pytest.Pytester

    def feature(self, text: str, name: str = "lab") -> None:
        """Write ``<name>.feature`` and a test module running its scenarios."""
        self.pytester.makefile(".feature", **{name: text})
        test = f'from pytest_bdd import scenarios\n\nscenarios("{name}.feature")\n'
        self.pytester.makepyfile(**{f"test_{name}": test})

    def run(self, *args: str) -> pytest.RunResult:
        """Run pytest in a subprocess (nothing shared with this process) on the small simulated lab."""
        return self.pytester.runpytest_subprocess(*SMALL_LAB, *args)


@pytest.fixture
def qa_project(pytester: pytest.Pytester) -> QaProject:
    """A fresh project whose conftest.py is the one line QA teams write."""
    pytester.makeconftest(QA_CONFTEST)
    return QaProject(pytester)
