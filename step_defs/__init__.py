"""The vvxauto step-phrase library for pytest-bdd, one module per area.

Use it from any project (after ``pip install vvxauto``) with one line in the project's conftest.py::

    pytest_plugins = ["step_defs"]

How that registers every step: pytest imports this package as a plugin; its :func:`pytest_configure`
hook imports each module of :data:`PLUGIN_MODULES` and registers it with
``config.pluginmanager.register(module, "step_defs.<area>")``. pytest-bdd turns each step into a
fixture of the module that declares it, and the fixtures of a registered plugin are visible to every
test, so every ``.feature`` of the project finds every step, with no ``import *`` anywhere. The same
mechanism is available as :func:`register` for a plugin of your own.

The steps need the ``phones`` fixture of the vvxauto pytest plugin (installed with the package); the
phrases, their parameter types and their docstrings are listed by ``vvxauto steps`` (``docs/steps.md``).

Modules: ``common`` (idle phones, capabilities, refusals), ``calls`` (dial, answer, end, reject,
ignore, mute, DTMF, hook), ``hold``, ``transfer``, ``leds``, ``navigation`` (keys, softkeys, menus,
what the screen shows), ``text``, ``touch``, ``config``, ``logs``, ``info``; ``params`` (the
parameter types), ``registry`` (the decorators and the list of steps), ``context`` (the
``step_context`` fixture), ``hooks`` (undefined-step suggestions).
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

__all__ = ["PLUGIN_MODULES", "STEP_MODULES", "load_step_modules", "register"]

STEP_MODULES: tuple[str, ...] = (
    "common",
    "calls",
    "hold",
    "transfer",
    "leds",
    "navigation",
    "text",
    "touch",
    "config",
    "logs",
    "info",
)
"""The modules that declare steps, in catalogue order."""

PLUGIN_MODULES: tuple[str, ...] = ("context", "hooks", *STEP_MODULES)
"""Every module registered as a pytest plugin: the fixtures and hooks, then the steps."""


def load_step_modules() -> list[ModuleType]:
    """Import every module of :data:`PLUGIN_MODULES` (declaring every step); return them in order."""
    return [importlib.import_module(f"{__name__}.{name}") for name in PLUGIN_MODULES]


def register(config: pytest.Config) -> list[ModuleType]:
    """Register every module of the library as a pytest plugin of ``config`` (once); return them."""
    modules = load_step_modules()
    manager = config.pluginmanager
    for module in modules:
        if not manager.is_registered(module) and manager.get_plugin(module.__name__) is None:
            manager.register(module, module.__name__)
    return modules


def pytest_configure(config: pytest.Config) -> None:
    """Register the step modules as plugins when pytest loads ``step_defs``."""
    register(config)
