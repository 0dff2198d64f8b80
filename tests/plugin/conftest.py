"""Helpers for the plugin's pytester tests: a project folder with a small simulated lab.

``vvx_project.run(*args)`` runs pytest in-process in the pytester folder with the plugin (it is
loaded from the installed entry point, as for users) and a two-phone simulated lab unless the
arguments say otherwise; ``vvx_project.run_subprocess(*args)`` does the same in a new process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# In-process pytester runs drop the modules first imported during the run. Modules with native
# parts (cryptography, used by the https simulator) must not be imported twice, so they are
# imported here, once, outside any inner run.
import vvxauto.phone
import vvxauto.sim.tls  # noqa: F401
from vvxauto.sim import SimLab

SMALL_LAB = "--vvx-sim-models=VVX 411,VVX 411"


@dataclass
class Project:
    """A pytester project; ``artifacts`` is where its evidence goes."""

    pytester: pytest.Pytester

    @property
    def path(self) -> Path:
        return self.pytester.path

    @property
    def artifacts(self) -> Path:
        return self.pytester.path / "artifacts"

    def _args(self, args: tuple[str, ...], small_lab: bool) -> list[str]:
        given = any(a.startswith(("--vvx-sim-models", "--vvx-lab=")) for a in args)
        extra = [SMALL_LAB] if small_lab and not given else []
        if not any(a.startswith("--vvx-lab-dir") for a in args):  # leave no lease folders in /tmp
            extra.append(f"--vvx-lab-dir={self.path / 'leases'}")
        return ["-p", "no:cacheprovider", *extra, *args]

    def run(self, *args: str, small_lab: bool = True) -> pytest.RunResult:
        """pytest in-process; ``small_lab`` False leaves the simulated lab's models to the ini file."""
        return self.pytester.runpytest(*self._args(args, small_lab))

    def run_subprocess(self, *args: str, timeout: float = 60, small_lab: bool = True) -> pytest.RunResult:
        """pytest in a new process (for xdist, and runs that must not share this process)."""
        return self.pytester.runpytest_subprocess(*self._args(args, small_lab), timeout=timeout)


@pytest.fixture
def vvx_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A fresh pytester project; ``VVX_LAB`` from the environment does not leak into it."""
    monkeypatch.delenv("VVX_LAB", raising=False)
    return Project(pytester)


@pytest.fixture
def inventory_lab(tmp_path: Path) -> Iterator[Callable[..., tuple[SimLab, Path]]]:
    """Start a simulated lab *here* and write its inventory, so several pytest runs share its
    phones like a real lab's: ``lab, path = inventory_lab(phones=1)``."""
    labs: list[SimLab] = []

    def make(**kwargs: object) -> tuple[SimLab, Path]:
        lab = SimLab(**kwargs).start()  # type: ignore[arg-type]
        labs.append(lab)
        path = lab.write_inventory(tmp_path / f"lab{len(labs)}.toml")
        return lab, path

    yield make
    for lab in labs:
        lab.stop()
