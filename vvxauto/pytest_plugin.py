"""The vvxauto pytest plugin (entry point ``pytest11: vvxauto``): options, markers, fixtures, hooks.

Thin on purpose: the lab lives in :mod:`vvxauto.lab_handle`, a test's phones in
:mod:`vvxauto.roster` (requirements in :mod:`vvxauto.requirements`), leases in :mod:`vvxauto.leases`,
evidence in :mod:`vvxauto.artifacts`, Allure in :mod:`vvxauto.reporting`. Nothing starts until a
test uses a ``vvx_lab``/``phones``/``phone``/``vvx_phone_factory`` fixture, so the plugin costs
nothing in runs that never do.

Settings (each a flag and an ini key with one help text; the flag wins, then the environment
variable where there is one, then the ini value):

- ``--vvx-lab`` / ``vvx_lab``: the lab inventory TOML (env ``VVX_LAB``); none: a simulated lab
- ``--vvx-timeout`` / ``vvx_timeout``: the default timeout of every wait, in seconds
- ``--vvx-sim-models`` / ``vvx_sim_models``: the simulated lab's models, comma-separated
- ``--vvx-sim-latency-ms`` / ``vvx_sim_latency_ms``: the simulated phones' per-request latency
- ``--vvx-sim-scheme`` / ``vvx_sim_scheme``: http or https for the simulated phones
- ``--vvx-artifacts`` / ``vvx_artifacts``: where the evidence of failed tests goes
- ``--vvx-lease-timeout`` / ``vvx_lease_timeout``: how long a test waits for a free phone
- ``--vvx-lab-dir`` / ``vvx_lab_dir``: where lease files live
- ``--vvx-restore-sources`` / ``vvx_restore_sources``: also put back config Sources (restarts phones)

Relative paths are read from the current folder (flag, environment) or the ini file's folder.
Markers: ``vvx_phones(n)``, ``vvx_model(*models)``, ``vvx_models(*models)``, ``vvx_touch(on=True)``,
``vvx_colour(on=True)``, ``vvx_line_keys(n)``; Gherkin tags ``@touch``, ``@non_touch``, ``@colour``,
``@phones_N``, ``@line_keys_N``, ``@model_<model without spaces>`` (registered as pytest-bdd applies
them, so ``--strict-markers`` accepts them). Fixtures: ``vvx_lab``, ``phones``, ``phone``,
``vvx_phone_factory``, ``vvx_model``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vvxauto import artifacts
from vvxauto.lab_handle import DEFAULT_SIM_MODELS, SIM_ROLES, LabHandle, LabSettings, VvxLabWarning
from vvxauto.leases import default_lab_dir
from vvxauto.reporting import BddStepBridge, Reporter, scenario_of, steps_of
from vvxauto.requirements import FIXED_TAGS, Requirements, dynamic_tag_help, roles_named
from vvxauto.roster import Binding, Roster

if TYPE_CHECKING:
    from vvxauto.lab import Lab
    from vvxauto.phone import Phone

__all__ = ["PhoneFactory", "VvxLabWarning", "lab_handle"]


#: The firmware the simulated phones report (the REST manual's release), for the report header.
SIM_FIRMWARE = "6.1.0"


@dataclass(frozen=True)
class _Setting:
    name: str
    help: str
    metavar: str
    env: str | None = None


_SETTINGS = (
    _Setting("vvx_lab", "lab inventory TOML (phones by role; env VVX_LAB); none: a simulated lab is started "
             "on first use, one per xdist worker", "PATH", env="VVX_LAB"),
    _Setting("vvx_timeout", "default timeout in seconds of every wait on a phone (default 10)", "SECONDS"),
    _Setting("vvx_sim_models", "models of the simulated lab's phones, comma-separated, one per phone "
             f"(default {','.join(DEFAULT_SIM_MODELS)})", "MODELS"),
    _Setting("vvx_sim_latency_ms", "per-request latency of the simulated phones in ms (default 0)", "MS"),
    _Setting("vvx_sim_scheme", "http or https for the simulated phones (default http)", "SCHEME"),
    _Setting("vvx_artifacts", "folder for the evidence of failed tests (default artifacts)", "DIR"),
    _Setting("vvx_lease_timeout", "seconds a test waits for a free lab phone before it errors (default 120)",
             "SECONDS"),
    _Setting("vvx_lab_dir", "folder of the lab's lease files (default: a per-user temp folder keyed by the "
             "inventory path)", "DIR"),
    _Setting("vvx_restore_sources", "yes: after each test also put back the Source of every config value "
             "it changed, clearing the phone's Web layer when needed (the phone restarts and loses "
             "Web-layer settings made outside the test); no (default): put back the values only", "yes|no"),
)


_BY_NAME = {s.name: s for s in _SETTINGS}


@dataclass
class _State:
    handle: LabHandle
    artifacts: Path
    reporter: Reporter
    previous_timeout: float | None
    worker_notes: list[str] = field(default_factory=list)


_STATE = pytest.StashKey[_State]()
_ROSTER = pytest.StashKey[Roster]()


def lab_handle(config: pytest.Config) -> LabHandle:
    """The session's :class:`~vvxauto.lab_handle.LabHandle` (settings, catalogue, quarantine; the lab
    itself only once a fixture asked for it)."""
    return config.stash[_STATE].handle


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--vvx-*`` flags and ``vvx_*`` ini keys (same help text for both)."""
    group = parser.getgroup("vvxauto", "vvxauto: Poly VVX phone lab")
    for s in _SETTINGS:
        group.addoption("--" + s.name.replace("_", "-"), dest=s.name, metavar=s.metavar, default=None,
                        help=s.help)
        parser.addini(s.name, s.help, default="")


def _raw(config: pytest.Config, setting: _Setting) -> tuple[str | None, Path]:
    """The setting's text and the folder a relative path in it is read from."""
    value = config.getoption(setting.name)
    if value not in (None, ""):
        return str(value), config.invocation_params.dir
    if setting.env and os.environ.get(setting.env):
        return os.environ[setting.env], Path.cwd()
    ini = config.getini(setting.name)
    if isinstance(ini, str) and ini.strip():
        base = config.inipath.parent if config.inipath else config.rootpath
        return ini.strip(), base
    return None, config.invocation_params.dir


def _number(config: pytest.Config, name: str, default: float | None, *, minimum: float = 0.0,
            strict: bool = True) -> float | None:
    text, _ = _raw(config, _BY_NAME[name])
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise pytest.UsageError(f"{name}: expected a number, got {text!r}") from None
    if value < minimum or (strict and value == minimum):
        raise pytest.UsageError(f"{name}: must be {'>' if strict else '>='} {minimum:g}, got {text}")
    return value


def _path(config: pytest.Config, name: str) -> Path | None:
    text, base = _raw(config, _BY_NAME[name])
    if text is None:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def _flag(config: pytest.Config, name: str) -> bool:
    text, _ = _raw(config, _BY_NAME[name])
    if text is None:
        return False
    value = text.strip().lower()
    if value in ("1", "yes", "true", "on"):
        return True
    if value in ("0", "no", "false", "off"):
        return False
    raise pytest.UsageError(f"{name}: expected yes or no, got {text!r}")


def _settings(config: pytest.Config) -> tuple[LabSettings, Path, float | None]:
    from vvxauto.layouts import UnknownModelError, load_layout

    models_text, _ = _raw(config, _BY_NAME["vvx_sim_models"])
    models: tuple[str, ...] = DEFAULT_SIM_MODELS
    if models_text:
        models = tuple(m.strip() for m in models_text.split(",") if m.strip())
    if not models:
        raise pytest.UsageError("vvx_sim_models: give at least one model")
    for model in models:
        try:
            load_layout(model)
        except UnknownModelError as exc:
            raise pytest.UsageError(f"vvx_sim_models: {exc}") from None
    scheme, _ = _raw(config, _BY_NAME["vvx_sim_scheme"])
    scheme = (scheme or "http").lower()
    if scheme not in ("http", "https"):
        raise pytest.UsageError(f"vvx_sim_scheme: must be http or https, got {scheme!r}")
    workerinput = getattr(config, "workerinput", None)
    run_kwargs = {"run_id": str(workerinput["testrunuid"])} if workerinput else {}
    settings = LabSettings(
        inventory=_path(config, "vvx_lab"),
        sim_models=models,
        sim_latency_ms=_number(config, "vvx_sim_latency_ms", 0.0, strict=False) or 0.0,
        sim_scheme=scheme,
        lease_timeout=_number(config, "vvx_lease_timeout", 120.0, strict=False) or 0.0,
        lab_dir=_path(config, "vvx_lab_dir"),
        restore_sources=_flag(config, "vvx_restore_sources"),
        **run_kwargs,
    )
    artifacts_dir = _path(config, "vvx_artifacts") or config.invocation_params.dir / "artifacts"
    return settings, artifacts_dir, _number(config, "vvx_timeout", None)


_MARKERS = (
    "vvx_phones(n): the test needs n lab phones (skipped when the lab has fewer that fit)",
    "vvx_model(*models): every phone of the test is one of these models",
    "vvx_models(*models): run the test once per model (the model shows in the test id; it binds the first "
    "phone leased); no models: every model of the lab",
    "vvx_touch(on=True): every phone of the test has (or, with False, has not) a touch screen",
    "vvx_colour(on=True): every phone of the test has (or, with False, has not) a colour screen",
    "vvx_line_keys(n): every phone of the test has at least n line keys",
)


class _TagMarkers:
    """Registers requirement tags with a number or model in them (``@phones_3``) as markers as
    pytest-bdd applies them, so ``--strict-markers`` accepts them."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.seen: set[str] = set()

    @pytest.hookimpl(tryfirst=True)
    def pytest_bdd_apply_tag(self, tag: str) -> None:
        """Register ``tag`` when it is a requirement tag; pytest-bdd then applies it as usual."""
        help_text = dynamic_tag_help(tag)
        if help_text and tag not in self.seen:
            self.seen.add(tag)
            self.config.addinivalue_line("markers", f"{tag}: {help_text}")


class _XdistQuarantine:
    """Collects the workers' quarantine notes in the controller for the terminal summary."""

    def __init__(self, state: _State) -> None:
        self.state = state

    @pytest.hookimpl
    def pytest_testnodedown(self, node: Any) -> None:
        """Take a finished worker's notes."""
        output = getattr(node, "workeroutput", None) or {}
        self.state.worker_notes.extend(output.get("vvx_quarantined", []))


def _loaded(config: pytest.Config, module: str) -> bool:
    """True when the plugin module ``module`` is registered (whatever name its entry point gave it)."""
    return any(getattr(p, "__name__", None) == module for p in config.pluginmanager.get_plugins())


def pytest_configure(config: pytest.Config) -> None:
    """Markers, settings (in ``config.stash``), the default timeout, the pytest-bdd bridge."""
    for line in _MARKERS:
        config.addinivalue_line("markers", line)
    for tag, help_text in FIXED_TAGS.items():
        config.addinivalue_line("markers", f"{tag}: {help_text}")
    settings, artifacts_dir, timeout = _settings(config)
    from vvxauto import wait

    previous = getattr(wait, "_default_timeout", None)
    if timeout is not None:
        wait.set_default_timeout(timeout)
    state = _State(LabHandle(settings), artifacts_dir, Reporter(config), previous)
    config.stash[_STATE] = state
    if _loaded(config, "pytest_bdd.plugin"):
        config.pluginmanager.register(BddStepBridge(state.reporter), "vvxauto-bdd-steps")
        config.pluginmanager.register(_TagMarkers(config), "vvxauto-bdd-tags")
    if _loaded(config, "xdist.plugin") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_XdistQuarantine(state), "vvxauto-xdist")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the lab if the session did not, and put the default timeout back."""
    state = config.stash.get(_STATE, None)
    if state is None:
        return
    state.handle.close()
    from vvxauto import wait

    wait.set_default_timeout(state.previous_timeout)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """What lab the run uses: inventory or simulator, its phones, models and firmware.

    Contacts no phone and starts nothing (a real lab's firmware is not asked for here).
    """
    state = config.stash[_STATE]
    settings = state.handle.settings
    if settings.inventory is None:
        # The simulator's exact build is in vvxauto.sim.device, but importing the simulator costs
        # more than a header is worth in runs that never start it; 6.1.0 is the manual it follows.
        lines = [f"vvxauto: simulated lab ({settings.sim_scheme}, started on first use, one per xdist "
                 f"worker), firmware {SIM_FIRMWARE} (simulated)"]
    else:
        lab_dir = settings.lab_dir or default_lab_dir(settings.inventory)
        lines = [f"vvxauto: lab inventory {settings.inventory} (firmware: not asked before the tests)",
                 f"vvxauto: leases under {lab_dir}, a test waits up to {settings.lease_timeout:g} s "
                 "for a phone"]
    try:
        slots = state.handle.catalogue()
    except Exception as exc:  # a broken inventory must not hide the rest of the header
        return [*lines, f"vvxauto: the lab cannot be read: {exc}"]
    phones = ", ".join(f"{s.role} {s.model}" + (f" ext {s.extension}" if s.extension else "") for s in slots)
    lines.append(f"vvxauto: {len(slots)} phone{'s' if len(slots) != 1 else ''}: {phones}")
    return lines


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``@pytest.mark.vvx_models(...)``: one test per model, id = the model."""
    mark = metafunc.definition.get_closest_marker("vvx_models")
    if mark is None:
        return
    models = [str(m) for m in mark.args]
    if not models:
        state = metafunc.config.stash[_STATE]
        models = list(dict.fromkeys(s.model for s in state.handle.catalogue()))
    if "vvx_model" not in metafunc.fixturenames:
        metafunc.fixturenames.append("vvx_model")
    metafunc.parametrize("vvx_model", models, ids=models)


# -- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def vvx_lab(pytestconfig: pytest.Config) -> Lab:
    """The session's :class:`~vvxauto.lab.Lab` (inventory, or a simulated lab started now)."""
    return pytestconfig.stash[_STATE].handle.lab()


@pytest.fixture
def vvx_model(request: pytest.FixtureRequest) -> str | None:
    """The model this test runs on (``vvx_models`` parametrisation), None when not parametrised."""
    return getattr(request, "param", None)


def _labeller(state: _State) -> Callable[[Roster, Binding], None]:
    """Labels each phone the roster binds in the Allure result (model, firmware, roles)."""

    def label(roster: Roster, binding: Binding) -> None:
        if not state.reporter.active:
            return
        firmware = state.handle.firmware(binding.slot.role, binding.phone)
        state.reporter.label_phone(binding.role, binding.slot.role, binding.slot.model, firmware)

    return label


def _roles_in_scenario(item: pytest.Item, handle: LabHandle) -> int | None:
    """For a pytest-bdd scenario: how many phone roles its steps name (the lab's role names and
    the usual alice, bob, carol ...), so the roster leases them together. None for other tests."""
    scenario = scenario_of(item)
    if scenario is None:
        return None
    names = {s.role for s in handle.catalogue()} | set(SIM_ROLES)
    return roles_named(scenario["steps"], names)


@pytest.fixture
def phones(request: pytest.FixtureRequest, vvx_model: str | None) -> Iterator[Roster]:
    """The test's phones by scenario role: ``phones["alice"]`` leases one on first use.

    Each phone is idle on its home screen when handed out and is put back after the test
    (calls ended, on hook, config restored, home screen); evidence is saved when the test fails.
    The roster reads the lab through the session's :func:`lab_handle`, not the ``vvx_lab``
    fixture, so that a test the lab cannot serve is skipped before a simulated lab starts.
    """
    state = request.config.stash[_STATE]
    try:
        requirements = Requirements.from_markers(request.node.iter_markers())
    except ValueError as exc:
        pytest.fail(f"vvx: {exc}", pytrace=False)
    roster = Roster(state.handle, requirements, node_id=request.node.nodeid, model_under_test=vvx_model,
                    on_bind=_labeller(state), expected=_roles_in_scenario(request.node, state.handle))
    roster.check_capacity()
    request.node.stash[_ROSTER] = roster
    yield roster
    problems = roster.finish()
    if problems:
        _save_evidence(request.node, state, roster, roles=list(problems), suffix="-after-reset")
        pytest.fail("vvx: " + "\n".join(problems.values()), pytrace=False)


@pytest.fixture
def phone(phones: Roster) -> Phone:
    """One leased phone: role "alice" of the test's ``phones``."""
    return phones["alice"]


class PhoneFactory:
    """``vvx_phone_factory(role=None, *, model=None, touch=None, colour=None, min_line_keys=None)``:
    lease one more phone with those properties (and the test's own requirements)."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster

    def __call__(self, role: str | None = None, *, model: str | Sequence[str] | None = None,
                 touch: bool | None = None, colour: bool | None = None,
                 min_line_keys: int | None = None) -> Phone:
        models = (model,) if isinstance(model, str) else tuple(model or ())
        extra = Requirements(models=models, touch=touch, colour=colour, min_line_keys=min_line_keys)
        return self.roster.acquire(role, requirements=extra)


@pytest.fixture
def vvx_phone_factory(phones: Roster) -> PhoneFactory:
    """Lease phones by properties: ``vvx_phone_factory(model="VVX 501")``, ``(touch=True)`` ..."""
    return PhoneFactory(phones)


# -- reports ----------------------------------------------------------------------------------------

def _save_evidence(item: pytest.Item, state: _State, roster: Roster | None, *,
                   roles: Sequence[str] | None = None, suffix: str = "", outcome: str | None = None) -> None:
    directory = artifacts.node_dir(state.artifacts, item.nodeid)
    if outcome is not None and directory.is_dir():  # the evidence of an earlier run of this test
        import shutil

        shutil.rmtree(directory, ignore_errors=True)
    saved: list[artifacts.Evidence] = []
    phones_info = []
    bindings = roster.bindings if roster is not None else {}
    for role, binding in bindings.items():
        phones_info.append({"role": role, "lab_phone": binding.slot.role, "model": binding.slot.model,
                            "extension": binding.slot.extension})
        if roles is not None and role not in roles:
            continue
        saved.extend(artifacts.collect_phone_evidence(binding.phone, directory / f"{role}{suffix}",
                                                      title=f"{role}{suffix}"))
    steps = steps_of(item)
    if outcome is not None:
        if steps:
            lines = [f"{r.status:9} {r.title}" + (f"  -- {r.error}" if r.error else "") for r in steps]
            artifacts.write_text(directory / "steps.txt", "\n".join(lines) + "\n")
        report = {"node": item.nodeid, "outcome": outcome, "phones": phones_info,
                  "markers": sorted({m.name for m in item.iter_markers()}),
                  "scenario": scenario_of(item), "steps": [r.as_dict() for r in steps]}
        artifacts.write_json(directory / "report.json", report)
    state.reporter.attach(saved)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On a failure in setup or the test itself: save (and attach) evidence of every phone used."""
    report: pytest.TestReport = yield  # type: ignore[assignment]
    if report.failed and report.when in ("setup", "call"):
        state = item.config.stash.get(_STATE, None)
        roster = item.stash.get(_ROSTER, None)
        if state is not None and ((roster is not None and roster.bindings) or steps_of(item)):
            try:
                _save_evidence(item, state, roster, outcome=f"failed in {report.when}")
            except Exception as exc:  # evidence must never hide the failure itself
                report.sections.append(("vvxauto evidence", f"could not save evidence: {exc!r}"))
    return report  # type: ignore[return-value]


@pytest.hookimpl(trylast=True)  # after session-scoped fixtures (which may use the lab) are torn down
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop the lab; an xdist worker hands its quarantine notes to the controller."""
    state = session.config.stash.get(_STATE, None)
    if state is None:
        return
    state.handle.close()
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["vvx_quarantined"] = list(state.handle.notes)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """A line per phone quarantined in this run."""
    state = config.stash.get(_STATE, None)
    notes = [*state.handle.notes, *state.worker_notes] if state is not None else []
    if not notes:
        return
    terminalreporter.write_sep("=", "vvxauto: quarantined phones", yellow=True)
    for line in notes:
        terminalreporter.write_line(line)
