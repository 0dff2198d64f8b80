"""``vvxauto doctor``: is every phone of the lab inventory ready for tests? One line per check.

The checks are in :mod:`vvxauto.doctor_checks` (inventory, tcp, tls, http-auth, rest-api, password,
device-info, lines, screen-capture, idle). Each line reads ``STATUS ROLE CHECK detail`` and, when
something is to be done, ``-> fix: ...``; STATUS is OK, WARN, FAIL or SKIP (not checked because an
earlier check failed). Exit code 0 when no line is FAIL, 1 otherwise, 2 for an unusable inventory
file or an unknown role. Passwords are never printed, only the names of their variables.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

from vvxauto.api import InsecurePhoneWarning
from vvxauto.cli_tools import (
    EXIT_OK,
    EXIT_PHONE,
    add_lab_option,
    inventory_entries,
    lab_path,
    run_tool,
    unknown_role,
)
from vvxauto.doctor_checks import (
    CHECKS,
    FAIL,
    OK,
    SKIP,
    WARN,
    Check,
    inventory_check,
    rest_checks,
    skipped,
    tcp_check,
    tls_check,
)
from vvxauto.lab import InventoryError, PhoneSpec

__all__ = ["CHECKS", "Check", "add_doctor", "check_phone"]


class _AnyVariable(Mapping[str, str]):
    """The process environment in which every unset variable reads as ``""``.

    Lets the network checks run for an entry whose ``password_env`` is not set yet.
    """

    def __getitem__(self, key: str) -> str:
        return os.environ.get(key, "")

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __iter__(self) -> Iterator[str]:
        return iter(os.environ)

    def __len__(self) -> int:
        return len(os.environ)


def check_phone(role: str, entry: PhoneSpec | InventoryError) -> Iterator[Check]:
    """Run every check of :data:`CHECKS` on one phone, yielding each outcome as soon as it is known."""
    if isinstance(entry, InventoryError):
        field = f" {entry.field}" if entry.field else ""
        yield Check(FAIL, "inventory", str(entry), f"correct{field} in [phones.{role}] of the inventory")
        yield from skipped("inventory", "the inventory entry is unusable")
        return
    spec = entry
    inventory = inventory_check(spec)
    yield inventory
    tcp = tcp_check(spec)
    yield tcp
    if tcp.status == FAIL:
        yield from skipped("tcp", "the phone is not reachable")
        return
    if spec.scheme == "https":
        tls = tls_check(spec)
        yield tls
        if tls.status == FAIL:
            yield from skipped("tls", "TLS failed")
            return
    else:
        yield Check(OK, "tls", 'not used (scheme = "http")')
    if inventory.status == FAIL:
        yield from skipped("tls", "no password to log in with")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsecurePhoneWarning)  # the tls line has said it already
        client = spec.client()
    with client:
        yield from rest_checks(spec, client)


# -- the command --------------------------------------------------------------------------------


def add_doctor(subparsers: Any) -> None:
    """Register ``vvxauto doctor``."""
    p = subparsers.add_parser(
        "doctor",
        help="check that every phone of the lab is ready for tests",
        description="For each phone of the inventory: entry, TCP, TLS, credentials, REST, factory password, "
        "model and firmware, lines, screen capture, idle. One line per check (OK/WARN/FAIL/SKIP) with a "
        "fix; exit code 0 when nothing FAILs, 1 otherwise, 2 for an unusable inventory.",
    )
    add_lab_option(p)
    p.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="R",
        help="check only this phone (repeatable; default: every phone)",
    )
    p.set_defaults(func=_run_doctor)


def _run_doctor(args: argparse.Namespace) -> int:
    return run_tool("doctor", lambda: _doctor(args))


def _doctor(args: argparse.Namespace) -> int:
    path = lab_path(args.lab)
    entries = inventory_entries(path, env=_AnyVariable())
    roles = list(dict.fromkeys(args.role)) or list(entries)
    for role in roles:
        if role not in entries:
            raise unknown_role(role, list(entries), path)
    width = max(len(role) for role in roles)
    counts = dict.fromkeys((OK, WARN, FAIL, SKIP), 0)
    print(f"vvxauto doctor: {len(roles)} phone(s) of {path}", flush=True)
    for role in roles:
        for check in check_phone(role, entries[role]):
            counts[check.status] += 1
            print(check.line(role, width), flush=True)
    tally = ", ".join(f"{n} {status}" for status, n in counts.items())
    verdict = "fix the FAIL lines and run again" if counts[FAIL] else "the lab is ready"
    print(f"vvxauto doctor: {tally}: {verdict}", file=sys.stdout, flush=True)
    return EXIT_PHONE if counts[FAIL] else EXIT_OK
