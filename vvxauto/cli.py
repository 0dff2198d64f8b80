"""The ``vvxauto`` command line.

Subcommands are registered in :data:`SUBCOMMANDS`: each entry is a function that adds its own
subparser (``add(subparsers)``) and sets ``func`` (``args -> exit code``) as the parser default.
Add a new subcommand by writing such a function (in its own module if it is big) and listing it.

``vvxauto sim``: run a simulated lab in the foreground (Ctrl-C or SIGTERM stops it, exit 0), or
``vvxauto sim --smoke``: start a 2-phone lab, run a call scenario over HTTP, print PASS/FAIL.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from vvxauto.cli_tools import add_doctor_command, add_inspect_command, add_shot_command
from vvxauto.steps_catalogue import add_steps_command

if TYPE_CHECKING:
    from vvxauto.api import CallInfo, VvxClient

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

Command = Callable[[argparse.Namespace], int]


# -- vvxauto sim -------------------------------------------------------------------------------


def _far_end(text: str) -> tuple[str, str]:
    number, sep, behaviour = text.partition("=")
    if not sep or not number.strip() or not behaviour.strip():
        raise argparse.ArgumentTypeError(
            f"expected NUMBER=BEHAVIOUR (answer[:MS], busy, noanswer), not {text!r}"
        )
    return number.strip(), behaviour.strip()


def _add_sim(subparsers: Any) -> None:
    from vvxauto.sim.lab import DEFAULT_PASSWORD

    p = subparsers.add_parser(
        "sim",
        help="run a simulated lab of VVX phones on loopback",
        description="Start simulated phones in the foreground (Ctrl-C or SIGTERM stops them), "
        "or with --smoke run a quick call scenario against a 2-phone lab.",
    )
    p.add_argument("--phones", type=int, default=2, metavar="N", help="how many phones (default 2)")
    p.add_argument("--models", default="VVX 411", help='comma-separated models, cycled (default "VVX 411")')
    p.add_argument("--scheme", choices=("http", "https"), default="http", help="default http")
    p.add_argument("--latency-ms", type=float, default=0.0, metavar="MS", help="per-request processing time")
    p.add_argument("--inventory", type=Path, metavar="PATH", help="write the lab inventory (TOML) here")
    p.add_argument("--host", default="127.0.0.1", help="a 127.x address to bind (default 127.0.0.1)")
    p.add_argument("--password", default=DEFAULT_PASSWORD, help="the phones' admin password")
    p.add_argument("--auth", choices=("basic", "digest"), default="basic", help="HTTP auth (default basic)")
    p.add_argument(
        "--far-end",
        type=_far_end,
        action="append",
        default=[],
        metavar="NUMBER=BEHAVIOUR",
        help="script a number that is no lab phone: answer, answer:MS, busy, noanswer (repeatable; "
        "NUMBER * sets the default)",
    )
    p.add_argument("--queue", action="store_true", help="queue concurrent requests instead of HTTP 403")
    p.add_argument("--smoke", action="store_true", help="run the smoke scenario on a 2-phone lab and exit")
    p.set_defaults(func=_run_sim)


def _run_sim(args: argparse.Namespace) -> int:
    from vvxauto.sim.lab import SimLab

    if args.smoke:
        return run_smoke()
    if args.phones < 1:
        _say("vvxauto sim: --phones must be at least 1", err=True)
        return 2
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        lab = SimLab(
            phones=args.phones,
            models=args.models,
            scheme=args.scheme,
            latency_ms=args.latency_ms,
            password=args.password,
            host=args.host,
            auth=args.auth,
            queue_requests=args.queue,
            far_ends=dict(args.far_end),
        )
        with lab:
            if args.inventory is not None:
                lab.write_inventory(args.inventory)
            for ep in lab.endpoints:
                _say(f"{ep.role:<8} {ep.model:<10} ext {ep.extension}  {ep.base_url}")
            where = args.inventory if args.inventory is not None else lab.inventory_path
            _say(f"vvxauto sim: {len(lab.endpoints)} phones ready; inventory {where}; Ctrl-C to stop")
            while not stop.wait(0.5):
                pass
            _say("vvxauto sim: stopping")
            errors = lab.errors
        if errors:
            _say(
                f"vvxauto sim: the phones' handlers raised {len(errors)} error(s); first: {errors[0]!r}",
                err=True,
            )
    except (ValueError, LookupError, OSError) as exc:  # bad host/model, port trouble: say it plainly
        _say(f"vvxauto sim: {exc}", err=True)
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _say(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


# -- vvxauto sim --smoke -----------------------------------------------------------------------


class _SmokeFailure(Exception):
    """A smoke step saw something other than what a real phone would show."""


def _one_call_in(client: VvxClient, *states: str) -> Callable[[], CallInfo | None]:
    def check() -> CallInfo | None:
        calls = client.call_status()
        return calls[0] if len(calls) == 1 and calls[0].state in states else None

    return check


def run_smoke() -> int:
    """Start a 2-phone HTTP lab; alice calls bob, bob answers, alice hangs up. 0 on PASS, 1 on FAIL."""
    from vvxauto.api import VvxClient
    from vvxauto.sim.lab import SimLab
    from vvxauto.wait import wait_until

    with SimLab(phones=2, scheme="http") as lab:
        alice_ep, bob_ep = lab.endpoints
        alice, bob = VvxClient.from_endpoint(alice_ep), VvxClient.from_endpoint(bob_ep)
        state: dict[str, str] = {}

        def until(what: str, check: Callable[[], Any]) -> Any:
            return wait_until(check, 5.0, ignore=(), description=what)

        def dial() -> None:
            alice.dial(bob_ep.extension, line=1)

        def bob_rings() -> None:
            call = until("bob has one ringing Offering call", _one_call_in(bob, "Offering"))
            if not call.ringing:
                raise _SmokeFailure("bob's call is Offering but Ringing is not 1")
            state["bob"] = call.handle

        def alice_hears_ringback() -> None:
            state["alice"] = until("alice hears RingBack", _one_call_in(alice, "RingBack")).handle

        def bob_answers() -> None:
            bob.answer_call(state["bob"])

        def both_connected() -> None:
            until("alice is Connected", _one_call_in(alice, "Connected"))
            until("bob is Connected", _one_call_in(bob, "Connected"))

        def alice_ends() -> None:
            alice.end_call(state["alice"])

        def both_idle() -> None:
            until("alice has no call", lambda: alice.call_status() == [])
            until("bob has no call", lambda: bob.call_status() == [])

        steps: list[tuple[str, Callable[[], None]]] = [
            (f"alice dials bob ({bob_ep.extension})", dial),
            ("bob rings (Offering, Ringing 1)", bob_rings),
            ("alice hears RingBack", alice_hears_ringback),
            ("bob answers", bob_answers),
            ("both are Connected", both_connected),
            ("alice ends the call", alice_ends),
            ("both are idle", both_idle),
        ]
        _say(f"vvxauto sim --smoke: alice {alice_ep.base_url}, bob {bob_ep.base_url}")
        failed = False
        try:
            for text, step in steps:
                try:
                    step()
                except Exception as exc:  # report any failure as the step's, then stop
                    _say(f"  FAIL  {text}: {exc}")
                    failed = True
                    break
                _say(f"  ok    {text}")
        finally:
            alice.close()
            bob.close()
        errors = lab.errors
        if errors and not failed:
            _say(f"  FAIL  the simulator raised {len(errors)} error(s); first: {errors[0]!r}")
            failed = True
    _say("FAIL" if failed else "PASS")
    return 1 if failed else 0


# -- the command ---------------------------------------------------------------------------------

SUBCOMMANDS: list[Callable[[Any], None]] = [
    _add_sim,
    add_steps_command,
    add_doctor_command,
    add_inspect_command,
    add_shot_command,
]


def build_parser() -> argparse.ArgumentParser:
    """The ``vvxauto`` parser with every registered subcommand."""
    parser = argparse.ArgumentParser(prog="vvxauto", description="UI testing of Poly VVX phones")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for add in SUBCOMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vvxauto`` with ``argv`` (default: the process arguments); returns the exit code."""
    args = build_parser().parse_args(argv)
    func: Command = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
