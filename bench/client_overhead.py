"""How much VvxClient costs over a bare requests.Session, on the hot path of every wait.

One simulated phone (http, no latency). 2000 ``GET /api/v2/webCallControl/callStatus`` through
``VvxClient.call_status()`` and 2000 through a bare ``requests.Session`` (same keep-alive, same
Basic auth, JSON decoded and ``Status`` checked, so both do the work a caller needs), alternating in
batches in one run so drift on the machine hits both alike. A third side, a bare session with
``trust_env=False`` (as VvxClient uses), gives a stricter ratio. Prints the ratio last.

    python bench/client_overhead.py [--calls 2000] [--batch 100]

Target: ratio <= 1.15.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import _common
import requests

from vvxauto.api import VvxClient
from vvxauto.sim import SimLab

PATH = "/api/v2/webCallControl/callStatus"


def main(argv: list[str] | None = None) -> int:
    parser = _common.argument_parser(__doc__)
    parser.add_argument("--calls", type=int, default=2000, help="requests per side (default 2000)")
    parser.add_argument("--batch", type=int, default=100, help="requests per batch (default 100)")
    args = parser.parse_args(argv)

    with SimLab(phones=1, scheme="http") as lab:
        ep = lab.endpoints[0]
        client = VvxClient(ep.host, ep.port, scheme="http", username=ep.username, password=ep.password,
                           name=ep.role)
        url = ep.base_url + PATH

        def bare_with(session: requests.Session) -> Callable[[], None]:
            session.auth = (ep.username, ep.password)

            def bare() -> None:
                reply = session.get(url, timeout=5.0)
                while reply.status_code == 403:  # the phone was still finishing the other side's request
                    reply = session.get(url, timeout=5.0)
                reply.raise_for_status()
                body = reply.json()
                if str(body.get("Status")) != "2000":
                    raise RuntimeError(f"unexpected answer {body}")

            return bare

        session = requests.Session()
        lean = requests.Session()
        lean.trust_env = False  # what VvxClient does: no proxy/netrc lookup per request
        bare = bare_with(session)
        bare_lean = bare_with(lean)

        def framework() -> None:
            client.call_status()

        for fn in (bare, bare_lean, framework):  # warm every connection and cache
            for _ in range(50):
                fn()
            time.sleep(0.005)

        totals = {"bare": 0.0, "lean": 0.0, "client": 0.0}
        ratios: list[float] = []
        done = 0
        flip = False
        while done < args.calls:
            n = min(args.batch, args.calls - done)
            order = [("client", framework), ("bare", bare), ("lean", bare_lean)]
            if flip:
                order.reverse()
            took: dict[str, float] = {}
            for name, fn in order:
                time.sleep(0.005)  # let the phone finish the other side's last request (not timed)
                start = time.perf_counter()
                for _ in range(n):
                    fn()
                took[name] = time.perf_counter() - start
                totals[name] += took[name]
            ratios.append(took["client"] / took["bare"])
            done += n
            flip = not flip
        client.close()
        session.close()
        lean.close()
        lab.check_errors()

    per = {k: v / args.calls * 1e6 for k, v in totals.items()}
    _common.report(
        [
            ("requests per side", f"{args.calls} in batches of {args.batch}, alternating"),
            ("bare requests.Session", f"{per['bare']:.0f} us per callStatus"),
            ("bare requests.Session, trust_env=False", f"{per['lean']:.0f} us per callStatus"),
            ("VvxClient.call_status", f"{per['client']:.0f} us per callStatus"),
            ("ratio to the trust_env=False session (stricter)", f"{totals['client'] / totals['lean']:.2f}"),
            ("median batch ratio", f"{statistics.median(ratios):.2f}"),
            ("overhead ratio", f"{totals['client'] / totals['bare']:.2f}"),
        ]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
