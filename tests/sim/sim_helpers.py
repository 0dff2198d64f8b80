"""Helpers the simulator's tests share (imported as ``sim_helpers``; fixtures are in conftest.py).

:data:`MakePhone` types the ``make_phone`` fixture; :func:`wait_until` polls a condition with a
deadline (the framework's own poller, every 10 ms); :class:`PostHandler` and :func:`serving` make a
small HTTP receiver on 127.0.0.1 for what a phone POSTs (telephony events, exported configuration).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import requests

from vvxauto.sim.device import SimPhone
from vvxauto.wait import wait_until as _poll

T = TypeVar("T")

MakePhone = Callable[[str], SimPhone]
"""The ``make_phone`` fixture: ``make_phone(model)`` gives a phone on a manual clock."""


def wait_until(predicate: Callable[[], T], timeout: float = 5.0, what: str = "the condition") -> T:
    """Poll ``predicate`` until it returns something truthy and return that; a failed HTTP request
    counts as "not yet". Fails the test (WaitTimeout, an AssertionError) after ``timeout`` seconds."""
    __tracebackhide__ = True
    return _poll(predicate, timeout, interval=0.01, ignore=requests.RequestException, description=what)


class PostHandler(BaseHTTPRequestHandler):
    """Answers every POST with ``status`` and an empty body, after handing the body to :meth:`record`.

    Make a fresh subclass per test with ``type(...)`` (so that nothing carries over), giving the
    class attributes the test reads; it logs nothing.
    """

    status = 200
    bodies: list[bytes] = []

    def do_POST(self) -> None:
        self.record(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        self.send_response(type(self).status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def record(self, body: bytes) -> None:
        """Keep what the test needs of one POST (the headers are in ``self.headers``): the body."""
        type(self).bodies.append(body)

    def log_message(self, *args: Any) -> None:
        return


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], path: str = "/") -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 (a free port) in a thread; yields the URL of ``path``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
