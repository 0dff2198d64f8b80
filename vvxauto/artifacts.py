"""Evidence saved when a test fails, for each phone it used.

Layout under the artifacts directory (``--vvx-artifacts``, default ``artifacts/``)::

    artifacts/
      tests_test_calls.py__test_hold[VVX 411]/     # the test's node id, made file-name safe
        report.json                               # outcome, phones (role, lab phone, model, firmware),
                                                  # markers/tags and the Gherkin steps with status
        steps.txt                                 # the Gherkin steps, one a line (pytest-bdd tests)
        alice/                                    # one folder per scenario role
          screenshot.png  (or screenshot.txt: why there is none, e.g. capture disabled on the phone)
          uixml.xml
          call_status.json
          led_status.json
          transcript.txt                          # the recent REST exchanges, passwords masked
          errors.txt                              # only when some evidence could not be read

Every file is also attached to the Allure report when allure-pytest is writing one. Reading the
evidence never raises: what cannot be read is written down in ``errors.txt``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vvxauto.phone import Phone

__all__ = ["Evidence", "collect_phone_evidence", "node_dir", "write_json", "write_text"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_.\[\]@=+-]+")


def node_dir(root: str | Path, nodeid: str) -> Path:
    """The folder of a test's evidence: ``root`` / the node id with ``/``, ``::`` and odd characters
    replaced (``tests/a.py::test_b[x y]`` -> ``tests_a.py__test_b[x_y]``), at most 150 characters."""
    name = _UNSAFE.sub("_", nodeid.replace("::", "__")).strip("._") or "test"
    if len(name) > 150:
        import hashlib

        name = name[:130] + "-" + hashlib.sha1(nodeid.encode()).hexdigest()[:12]
    return Path(root) / name


@dataclass(frozen=True)
class Evidence:
    """One saved file: path, a title for reports, and its kind (png, xml, json, text)."""

    path: Path
    title: str
    kind: str


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8), creating folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as indented JSON (unknown objects as their ``str``); return the path."""
    return write_text(path, json.dumps(data, indent=2, default=str, ensure_ascii=False))


def _raw(value: Any) -> Any:
    if isinstance(value, list):
        return [_raw(v) for v in value]
    raw = getattr(value, "raw", None)
    if raw is not None:
        return dict(raw)
    return value


def _screenshot_note(exc: Exception) -> str:
    from vvxauto.errors import NotSupportedError, ScreenCaptureDisabledError

    if isinstance(exc, ScreenCaptureDisabledError):
        return ("no screenshot: screen capture is disabled on the phone; set up.screenCapture.enabled=1 and "
                "up.screenCapture.value=1 to get one")
    if isinstance(exc, NotSupportedError):
        return "no screenshot: the phone cannot capture its screen"
    return f"no screenshot: {type(exc).__name__}: {exc}"


def collect_phone_evidence(phone: Phone, directory: Path, *, title: str) -> list[Evidence]:
    """Save ``phone``'s evidence in ``directory`` (see the module docstring); return what was saved.

    The REST transcript is taken first, so it shows the test's own exchanges rather than the ones
    reading the evidence makes. ``title`` prefixes the report titles (the scenario role).
    """
    directory.mkdir(parents=True, exist_ok=True)
    saved: list[Evidence] = []
    errors: list[str] = []
    transcript = phone.client.transcript.as_text() or "(no exchanges recorded)"
    saved.append(Evidence(write_text(directory / "transcript.txt", transcript), f"{title}: REST transcript",
                          "text"))

    has_screen = phone.layout.has_screen
    note: str | None = None
    if not has_screen:
        note = f"no screenshot: the {phone.layout.model} has no screen"
    else:
        try:
            saved.append(Evidence(phone.save_screenshot(directory / "screenshot.png"), f"{title}: screenshot",
                                  "png"))
        except Exception as exc:
            note = _screenshot_note(exc)
    if note is not None:
        saved.append(Evidence(write_text(directory / "screenshot.txt", note), f"{title}: screenshot (none)",
                              "text"))

    readers: list[tuple[str, str, str, Callable[[], Any]]] = [
        ("call_status.json", "call status", "json", lambda: _raw(phone.calls())),
        ("led_status.json", "LED status", "json", lambda: _raw(phone.leds())),
    ]
    if has_screen:
        readers.insert(0, ("uixml.xml", "uixml", "xml", phone.client.uixml))
    for filename, what, kind, read in readers:
        try:
            value = read()
        except Exception as exc:
            errors.append(f"{what}: {type(exc).__name__}: {exc}")
            continue
        path = directory / filename
        if kind == "json":
            write_json(path, value)
        else:
            write_text(path, str(value))
        saved.append(Evidence(path, f"{title}: {what}", kind))
    if errors:
        saved.append(Evidence(write_text(directory / "errors.txt", "\n".join(errors) + "\n"),
                              f"{title}: evidence not read", "text"))
    return saved

