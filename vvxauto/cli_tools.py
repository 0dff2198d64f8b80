"""Lab tools on the command line: ``vvxauto doctor``, ``vvxauto inspect`` and ``vvxauto shot``.

Each takes the lab inventory from ``--lab PATH`` or, when omitted, the environment variable
``VVX_LAB``. Phones are reached over REST only, with the client's timeouts, exactly as tests reach
them. Problems print one line to stderr and give exit code 2 for bad input (the inventory, a role,
an output path) or 1 for a phone that failed; never a traceback.

- ``doctor [--role R ...]``: one line per check and phone (see :mod:`vvxauto.cli_doctor`);
- ``inspect ROLE [--save FILE] [--xml]``: the screen summary and the widget tree of ``/uixml``;
  ``--save`` writes the raw uixml (e.g. into ``tests/ui/fixtures/``), ``--xml`` prints it;
- ``shot ROLE OUT.png [--annotate]``: the screen capture as PNG, widget boxes drawn if asked.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vvxauto.errors import ScreenCaptureDisabledError, VvxError
from vvxauto.lab import InventoryError, PhoneSpec, parse_inventory
from vvxauto.ui.errors import UixmlParseError

if TYPE_CHECKING:
    from vvxauto.ui.screen import Widget

__all__ = [
    "CAPTURE_PARAMS",
    "LAB_ENV",
    "add_doctor_command",
    "add_inspect_command",
    "add_shot_command",
    "format_tree",
    "inventory_entries",
    "lab_path",
    "phone_spec",
]

LAB_ENV = "VVX_LAB"
"""The environment variable naming the inventory when ``--lab`` is not given."""

EXIT_OK, EXIT_PHONE, EXIT_INPUT = 0, 1, 2


class ToolError(Exception):
    """A problem a tool reports as one line; ``code`` is the exit code (1 phone, 2 bad input)."""

    def __init__(self, message: str, code: int = EXIT_PHONE) -> None:
        super().__init__(message)
        self.code = code


# -- the inventory ------------------------------------------------------------------------------


def lab_path(value: str | Path | None, env: Mapping[str, str] | None = None) -> Path:
    """The inventory path: ``value`` (``--lab``), else ``$VVX_LAB``; InventoryError when neither is set."""
    environ = os.environ if env is None else env
    chosen = value if value else environ.get(LAB_ENV)
    if not chosen:
        raise InventoryError(f"no lab inventory: give --lab PATH or set the environment variable {LAB_ENV}")
    return Path(chosen).expanduser()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InventoryError("file not found", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InventoryError(f"not valid TOML: {exc}", path=str(path)) from None
    except OSError as exc:
        raise InventoryError(f"cannot read the file: {exc.strerror or exc}", path=str(path)) from None


def inventory_entries(
    path: Path, env: Mapping[str, str] | None = None
) -> dict[str, PhoneSpec | InventoryError]:
    """Every phone of the inventory by role: its ``PhoneSpec``, or the ``InventoryError`` of its entry.

    Unlike :func:`vvxauto.lab.load_inventory`, one bad entry does not hide the others. Raises
    InventoryError for a problem of the whole file (missing, not TOML, no phones, a bad ``[lab]``).
    """
    data = _read_toml(path)
    phones = data.get("phones")
    if not isinstance(phones, Mapping) or not phones:
        parse_inventory(data, path=path, env=env)  # raises the inventory's own message
    assert isinstance(phones, Mapping)
    shared = {key: value for key, value in data.items() if key != "phones"}
    entries: dict[str, PhoneSpec | InventoryError] = {}
    for role, table in phones.items():
        try:
            entries[role] = parse_inventory({**shared, "phones": {role: table}}, path=path, env=env)[role]
        except InventoryError as exc:
            if exc.role is None:  # the file's problem, not this entry's
                raise
            entries[role] = exc
    return entries


def unknown_role(role: str, roles: list[str], path: Path) -> InventoryError:
    """The error for a role the inventory does not list (with the closest one, if any)."""
    close = difflib.get_close_matches(role, roles, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return InventoryError(f"no phone with role {role!r}; {hint}roles: {', '.join(roles)}", path=str(path))


def phone_spec(path: Path, role: str) -> PhoneSpec:
    """The ``PhoneSpec`` of ``role``; InventoryError for an unknown role or a bad entry."""
    entries = inventory_entries(path)
    entry = entries.get(role)
    if entry is None:
        raise unknown_role(role, list(entries), path)
    if isinstance(entry, InventoryError):
        raise entry
    return entry


def add_lab_option(parser: argparse.ArgumentParser) -> None:
    """``--lab PATH`` (default: ``$VVX_LAB``)."""
    parser.add_argument(
        "--lab", metavar="PATH", default=None, help=f"the lab inventory (TOML); default: ${LAB_ENV}"
    )


def run_tool(name: str, body: Callable[[], int]) -> int:
    """Run a tool's body; report its errors as one line on stderr and return the exit code."""
    try:
        return body()
    except ToolError as exc:
        return _fail(name, str(exc), exc.code)
    except InventoryError as exc:
        return _fail(name, str(exc), EXIT_INPUT)
    except VvxError as exc:
        return _fail(name, str(exc), EXIT_PHONE)
    except UixmlParseError as exc:
        return _fail(name, f"the phone's uixml is not well-formed XML: {exc}", EXIT_PHONE)


def _fail(name: str, message: str, code: int) -> int:
    print(f"vvxauto {name}: {message}", file=sys.stderr, flush=True)
    return code


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ToolError(f"cannot write {path}: {exc.strerror or exc}", EXIT_INPUT) from None


# -- vvxauto inspect ----------------------------------------------------------------------------


def _flags(widget: Widget) -> str:
    words = ["visible" if widget.visible else "hidden", "enabled" if widget.enabled else "disabled"]
    if widget.focused:
        words.append("focused")
    if widget.selected:
        words.append("selected")
    return "[" + " ".join(words) + "]"


def _widget_line(widget: Widget) -> str:
    parts = [widget.type]
    if widget.text is not None:
        parts.append(repr(widget.label))
    if widget.index is not None and (widget.is_softkey or widget.is_line_key):
        parts.append(f"#{widget.index}")
    if widget.id:
        parts.append(f"id={widget.id}")
    if widget.state:
        parts.append(f"state={widget.state}")
    parts.append(str(widget.rect) if widget.rect is not None else "(no geometry)")
    if widget.page is not None:
        parts.append(f"page {widget.page + 1}")
    offset = widget.attributes.first("view-offset", "viewoffset")
    if offset:
        parts.append(f"view-offset {offset}")
    parts.append(_flags(widget))
    return " ".join(parts)


def format_tree(root: Widget, indent: str = "  ") -> list[str]:
    """The widget tree as indented lines: type, text, index/id/state, on-screen rect, page, flags."""
    lines: list[str] = []

    def walk(widget: Widget, depth: int) -> None:
        lines.append(indent * depth + _widget_line(widget))
        for child in widget.children:
            walk(child, depth + 1)

    walk(root, 0)
    return lines


def add_inspect_command(subparsers: Any) -> None:
    """Register ``vvxauto inspect``."""
    p = subparsers.add_parser(
        "inspect",
        help="show a phone's screen: summary and widget tree from /uixml",
        description="Read the phone's /api/v1/mgmt/uixml and print the screen summary and the widget tree "
        "(type, text, on-screen rectangle, softkey page, flags). --save writes the raw uixml to a file, "
        "e.g. to turn a real phone's screen into a test fixture under tests/ui/fixtures/.",
    )
    add_lab_option(p)
    p.add_argument("role", metavar="ROLE", help="the phone's role in the inventory (alice, bob, ...)")
    p.add_argument("--save", metavar="FILE", type=Path, help="write the raw uixml (XML text) to FILE")
    p.add_argument("--xml", action="store_true", help="print the raw XML instead of the tree")
    p.set_defaults(func=_run_inspect)


def _run_inspect(args: argparse.Namespace) -> int:
    return run_tool("inspect", lambda: _inspect(args))


def _inspect(args: argparse.Namespace) -> int:
    from vvxauto.layouts import load_layout
    from vvxauto.ui.parse import parse_uixml

    spec = phone_spec(lab_path(args.lab), args.role)
    with spec.client() as client:
        raw = client.uixml()
    if not raw.strip():
        raise ToolError(f"phone {spec.role}: /uixml answered without any XML in its data")
    if args.save is not None:
        _write(args.save, raw)
        print(f"saved the uixml of {spec.role} to {args.save}", file=sys.stderr if args.xml else sys.stdout)
    if args.xml:
        print(raw if raw.endswith("\n") else raw + "\n", end="")
        return EXIT_OK
    layout = load_layout(spec.model)
    size = (layout.screen.width, layout.screen.height) if layout.screen else None
    screen = parse_uixml(raw, size=size)
    print(f"{spec.role} ({spec.model}, {spec.base_url})")
    print(screen.summary())
    print()
    for line in format_tree(screen.root):
        print(line)
    return EXIT_OK


# -- vvxauto shot -------------------------------------------------------------------------------

CAPTURE_PARAMS = ("up.screenCapture.enabled", "up.screenCapture.value")
"""The two parameters screen capture needs set to 1 (a 404 from /captureScreen otherwise)."""


def add_shot_command(subparsers: Any) -> None:
    """Register ``vvxauto shot``."""
    p = subparsers.add_parser(
        "shot",
        help="save a phone's screenshot as PNG",
        description="Capture the phone's main screen (/captureScreen/mainScreen) and save it as PNG; "
        "--annotate draws a box around every visible widget of /uixml. Needs "
        f"{CAPTURE_PARAMS[0]}=1 and {CAPTURE_PARAMS[1]}=1 on the phone.",
    )
    add_lab_option(p)
    p.add_argument("role", metavar="ROLE", help="the phone's role in the inventory (alice, bob, ...)")
    p.add_argument("out", metavar="OUT.png", type=Path, help="where to write the PNG")
    p.add_argument("--annotate", action="store_true", help="draw widget boxes and labels over the capture")
    p.set_defaults(func=_run_shot)


def _run_shot(args: argparse.Namespace) -> int:
    return run_tool("shot", lambda: _shot(args))


def _shot(args: argparse.Namespace) -> int:
    from vvxauto.phone import Phone
    from vvxauto.screens import annotate, load_image

    spec = phone_spec(lab_path(args.lab), args.role)
    if args.out.is_dir():
        raise ToolError(f"{args.out} is a folder; give the PNG file's path", EXIT_INPUT)
    phone = Phone.from_spec(spec)
    try:
        if not phone.layout.has_screen:
            raise ToolError(
                f"phone {spec.role} is a {spec.model}, which has no screen to capture", EXIT_INPUT
            )
        try:
            data = phone.client.capture_screen()
        except ScreenCaptureDisabledError:
            raise ToolError(
                f"phone {spec.role}: screen capture is switched off (HTTP 404 on /captureScreen/mainScreen); "
                f"set {CAPTURE_PARAMS[0]}=1 and {CAPTURE_PARAMS[1]}=1 on the phone (Web UI, configuration "
                "file or config/set), then run again"
            ) from None
        try:
            image = load_image(data)
        except ValueError as exc:
            raise ToolError(f"phone {spec.role}: the screen capture is not an image: {exc}") from None
        if args.annotate:
            image = annotate(image, phone.screen())
    finally:
        phone.close()
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        image.save(args.out, format="PNG")
    except OSError as exc:
        raise ToolError(f"cannot write {args.out}: {exc.strerror or exc}", EXIT_INPUT) from None
    what = ", annotated" if args.annotate else ""
    print(f"saved the screen of {spec.role} to {args.out} ({image.width}x{image.height}{what})")
    return EXIT_OK


def add_doctor_command(subparsers: Any) -> None:
    """Register ``vvxauto doctor`` (the checks live in :mod:`vvxauto.cli_doctor`)."""
    from vvxauto.cli_doctor import add_doctor

    add_doctor(subparsers)
