"""The virtual PBX of a simulated lab: lines register by address, calls ring, connect, hold, end.

One :class:`Exchange` serves every phone of a lab and owns the lab-wide lock (``phone.lock`` is
``exchange.lock``) and the scheduler. Phones find each other through their registered lines
(``reg.N.address``). A dialled number that is no lab phone goes to a *scripted far end*:

>>> ex = Exchange(far_ends={"5551234": "answer", "5550000": "busy", "*": "no_answer"})

Far-end behaviours: ``"answer"`` (after ``answer_after_ms``, default ``Timing.answer_delay_ms``),
``"answer:800"`` (after 800 ms), ``"busy"``, ``"no_answer"`` (rings until the caller gives up) and
``"unreachable"``. ``"*"`` sets the default; without one an unknown number is *unreachable*: the
caller's call fails at once (Disconnected, reason "unreachable") like a 404 from a real PBX.
"""

from __future__ import annotations

import queue
import re
import secrets
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import requests

from vvxauto.sim.calls import SimCall
from vvxauto.sim.config import is_loopback_url
from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.timing import Clock, Scheduled, Scheduler, SystemClock, Timing

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

__all__ = ["FAR_END_BEHAVIOURS", "Exchange", "FarEnd", "Notifier", "normalize_number"]

NOTIFY_TIMEOUT_S = 2.0

FAR_END_BEHAVIOURS = ("answer", "busy", "no_answer", "unreachable")


@dataclass(frozen=True)
class FarEnd:
    """How a scripted far end (a number that is no lab phone) answers a call."""

    behaviour: str = "answer"
    answer_after_ms: float | None = None  # None: Timing.answer_delay_ms
    name: str = ""

    def __post_init__(self) -> None:
        if self.behaviour not in FAR_END_BEHAVIOURS:
            known = ", ".join(FAR_END_BEHAVIOURS)
            raise ValueError(f"far-end behaviour {self.behaviour!r}; use one of {known}")

    @classmethod
    def parse(cls, spec: FarEnd | str) -> FarEnd:
        """Accept a FarEnd or a shorthand: "answer", "answer:800", "busy", "no_answer", "unreachable"."""
        if isinstance(spec, FarEnd):
            return spec
        text = str(spec).strip().lower().replace("-", "_")
        if text in ("never", "never_answer", "noanswer"):
            text = "no_answer"
        if text.startswith("answer:"):
            return cls("answer", float(text.split(":", 1)[1]))
        return cls(text)


def normalize_number(dest: str) -> str:
    """User part of a destination: ``sip:1002@host;x=y`` → ``1002``, ``tel:+1 555`` → ``+1555``."""
    text = dest.strip()
    text = re.sub(r"^(sips?|tel):", "", text, flags=re.IGNORECASE)
    text = text.split(";", 1)[0].split("@", 1)[0]
    if re.fullmatch(r"[0-9+*#\s\-().]+", text):
        text = re.sub(r"[\s\-().]", "", text)
    return text.strip()


class Notifier:
    """Delivers telephony notification events (XML POSTs) on one daemon thread, never under a lock.

    Only loopback URLs are contacted; others are counted in ``refused`` and dropped. ``delivered``
    keeps ``(url, event, http_status or error text)`` of recent attempts, newest last.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, bytes, str] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._stopped = False
        self.refused = 0
        self.delivered: deque[tuple[str, str, str]] = deque(maxlen=200)

    def post(self, url: str, body: bytes, event: str) -> None:
        """Queue one event for ``url`` (returns at once)."""
        if not is_loopback_url(url):
            self.refused += 1
            return
        with self._guard:
            if self._stopped:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="vvxauto-sim-notifier", daemon=True)
                self._thread.start()
        self._queue.put((url, body, event))

    def stop(self, timeout: float = 2.0) -> None:
        """Drop what is queued and end the thread."""
        with self._guard:
            self._stopped = True
            thread = self._thread
        self._queue.put(None)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _loop(self) -> None:
        session = requests.Session()
        session.trust_env = False  # no proxy from the environment: loopback stays loopback
        try:
            while True:
                item = self._queue.get()
                if item is None or self._stopped:
                    return
                url, body, event = item
                try:
                    response = session.post(
                        url,
                        data=body,
                        headers={"Content-Type": "application/xml"},
                        timeout=NOTIFY_TIMEOUT_S,
                        allow_redirects=False,
                    )
                    outcome = str(response.status_code)
                except requests.RequestException as exc:
                    outcome = type(exc).__name__
                self.delivered.append((url, event, outcome))
        finally:
            session.close()


def telephony_event_xml(event: str, fields: Mapping[str, str]) -> bytes:
    """``<PolycomIPPhone><{event}><Field>value</Field>...</{event}></PolycomIPPhone>``."""

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    inner = "".join(f"<{name}>{esc(str(value))}</{name}>" for name, value in fields.items())
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return f"{head}<PolycomIPPhone><{event}>{inner}</{event}></PolycomIPPhone>\n".encode()


class Exchange:
    """Lab-wide switchboard, lock and timers. Every method expects the caller to hold ``lock``
    (they take it themselves too: it is re-entrant)."""

    def __init__(
        self,
        timing: Timing | None = None,
        far_ends: Mapping[str, FarEnd | str] | None = None,
        *,
        domain: str = "127.0.0.1",
        clock: Clock | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.timing = timing or Timing()
        self.clock: Clock = clock or SystemClock()
        self.scheduler = Scheduler(self.lock)
        self.notifier = Notifier()
        self.domain = domain
        self.phones: list[SimPhone] = []
        self.far_ends: dict[str, FarEnd] = {}
        self.default_far_end: FarEnd | None = None
        self.far_calls: list[SimCall] = []  # live legs of scripted far ends
        self.far_history: deque[SimCall] = deque(maxlen=200)  # every far-end leg, newest last
        self._handles: set[str] = set()
        self._timers: dict[int, list[Scheduled]] = {}
        for number, spec in (far_ends or {}).items():
            self.set_far_end(number, spec)

    # -- lab configuration --------------------------------------------------------------------

    def set_far_end(self, number: str, spec: FarEnd | str | None) -> None:
        """Script the far end behind ``number`` ("*" for the default); None removes it."""
        with self.lock:
            if number == "*":
                self.default_far_end = None if spec is None else FarEnd.parse(spec)
            elif spec is None:
                self.far_ends.pop(normalize_number(number), None)
            else:
                self.far_ends[normalize_number(number)] = FarEnd.parse(spec)

    def register(self, phone: SimPhone) -> None:
        """Attach a phone (done by SimPhone itself)."""
        with self.lock:
            if phone not in self.phones:
                self.phones.append(phone)

    def close(self) -> None:
        """Stop the timers and the event sender (call when the lab shuts down)."""
        self.scheduler.stop()
        self.notifier.stop()

    # -- helpers -------------------------------------------------------------------------------

    def now(self) -> float:
        """The exchange's monotonic time in seconds."""
        return self.clock.monotonic()

    def new_handle(self) -> str:
        """A fresh call handle: 8 lower-case hex digits, unique in the lab."""
        while True:
            handle = secrets.token_hex(4)
            if handle not in self._handles and not handle.startswith("0"):
                self._handles.add(handle)
                return handle

    def new_call(self, phone: SimPhone | None, line: int, direction: str, phase: str) -> SimCall:
        """Create a leg (not yet attached to any phone's call list)."""
        ip = phone.ip if phone is not None else self.domain
        call = SimCall(
            handle=self.new_handle(),
            line=line,
            direction=direction,
            phase=phase,
            start_time=self.clock.now(),
            start_mono=self.now(),
            phone=phone,
            call_id=f"{secrets.token_hex(4)}-{secrets.token_hex(4)}-{secrets.token_hex(4)}@{ip}",
        )
        if phone is not None:
            call.rtp_port = phone.next_rtp_port()
        return call

    def lookup(self, number: str) -> tuple[SimPhone, int] | None:
        """The lab phone and line registered as ``number``, or None."""
        wanted = normalize_number(number)
        if not wanted:
            return None
        for phone in self.phones:
            for line, address in phone.line_addresses().items():
                if normalize_number(address) == wanted:
                    return phone, line
        return None

    def far_end_for(self, number: str) -> FarEnd | None:
        """The scripted far end answering ``number``, or None (unreachable)."""
        return self.far_ends.get(normalize_number(number), self.default_far_end)

    def _later(self, call: SimCall, delay_ms: float, callback: object) -> None:
        assert callable(callback)
        item = self.scheduler.call_later(delay_ms, callback)
        if not item.cancelled:
            self._timers.setdefault(id(call), []).append(item)

    def _cancel_timers(self, call: SimCall) -> None:
        for item in self._timers.pop(id(call), []):
            item.cancel()

    def _changed(self, call: SimCall) -> None:
        call.media_update(self.now())
        if call.phone is not None:
            call.phone.call_changed(call)

    # -- call set-up ---------------------------------------------------------------------------

    def place(self, call: SimCall, dest: str) -> None:
        """Route an outgoing call (already in its phone's list, phase Setup) to ``dest``."""
        with self.lock:
            number = normalize_number(dest)
            call.remote_number = number
            call.remote_name = number
            call.phase = "Proceeding" if call.phase in ("Setup", "Dialtone") else call.phase
            self._changed(call)
            target = self.lookup(number)
            if target is not None:
                callee_phone, callee_line = target
                callee_name = callee_phone.display_name(callee_line)
                call.remote_name = callee_name or number
                call.remote_ip = callee_phone.ip
                if not callee_phone.is_up:
                    self._fail(call, "unreachable")
                    return
                if callee_phone is call.phone or not callee_phone.can_ring(callee_line):
                    self._fail(call, "busy")
                    return
                delay = self.timing.ring_delay_ms
                self._later(call, delay, lambda: self._ring_phone(call, callee_phone, callee_line))
                return
            far = self.far_end_for(number)
            call.remote_ip = self.domain
            if far is None or far.behaviour == "unreachable":
                self._fail(call, "unreachable")
            elif far.behaviour == "busy":
                self._later(call, self.timing.ring_delay_ms, lambda: self._fail(call, "busy"))
            else:
                if far.name:
                    call.remote_name = far.name
                self._later(call, self.timing.ring_delay_ms, lambda: self._ring_far(call, far))

    def _ring_phone(self, call: SimCall, callee_phone: SimPhone, line: int) -> None:
        if call.ended:
            return
        if not callee_phone.can_ring(line):
            self._fail(call, "busy")
            return
        caller = call.phone
        number = caller.line_address(call.line) if caller is not None else ""
        name = (caller.display_name(call.line) if caller is not None else "") or number
        self._offer(callee_phone, line, call, number, name, caller.ip if caller is not None else "")

    def _offer(self, phone: SimPhone, line: int, caller: SimCall, number: str, name: str, ip: str) -> SimCall:
        """Offer ``phone`` a ringing leg of ``caller``'s call (from ``number``, ``name``, ``ip``);
        the caller hears ringback. Returns the new leg."""
        leg = self.new_call(phone, line, "Incoming", "Offering")
        leg.ringing = True
        leg.remote_number, leg.remote_name, leg.remote_ip = number, name, ip
        leg.peer, caller.peer = caller, leg
        caller.phase = "RingBack"
        phone.add_call(leg)
        self._changed(caller)
        self._changed(leg)
        return leg

    def _ring_far(self, call: SimCall, far: FarEnd) -> None:
        if call.ended:
            return
        leg = self.new_call(None, 1, "Incoming", "Offering")
        leg.ringing = True
        if call.phone is not None:
            leg.remote_number = call.phone.line_address(call.line)
            leg.remote_name = call.phone.display_name(call.line) or leg.remote_number
        leg.peer, call.peer = call, leg
        self.far_calls.append(leg)
        self.far_history.append(leg)
        call.phase = "RingBack"
        self._changed(call)
        if far.behaviour == "answer":
            delay = self.timing.answer_delay_ms if far.answer_after_ms is None else far.answer_after_ms
            self._later(leg, delay, lambda: self._far_answer(leg))

    def _far_answer(self, leg: SimCall) -> None:
        if not leg.ended and leg.phase == "Offering":
            self.answer(leg)

    def incoming_from(self, number: str, to: str, name: str = "") -> SimCall:
        """Make the outside number ``number`` call the lab number ``to``; returns the far-end leg.

        The leg can later be hung up with :meth:`hangup`. Raises PhoneStatus("4007") when ``to``
        is no registered lab line.
        """
        with self.lock:
            target = self.lookup(to)
            if target is None:
                raise PhoneStatus("4007", detail=f"no lab line registered as {to!r}")
            leg = self.new_call(None, 1, "Outgoing", "Proceeding")
            leg.remote_number = normalize_number(to)
            leg.remote_name = leg.remote_number
            leg.dtmf_sent = ""
            self.far_calls.append(leg)
            self.far_history.append(leg)
            self._originate_far(leg, number, name, target[0], target[1])
            return leg

    def _originate_far(self, leg: SimCall, number: str, name: str, phone: SimPhone, line: int) -> None:
        def ring() -> None:
            if leg.ended:
                return
            if not phone.can_ring(line):
                self._finish(leg, "busy")
                return
            shown = normalize_number(number)
            self._offer(phone, line, leg, shown, name or shown, self.domain)

        self._later(leg, self.timing.ring_delay_ms, ring)

    # -- in-call operations --------------------------------------------------------------------

    def answer(self, call: SimCall) -> None:
        """The callee side ``call`` answers: both legs become Connected."""
        with self.lock:
            if call.phase != "Offering" or call.ended:
                raise PhoneStatus("4003", detail="the call is not an incoming call")
            now_dt, now = self.clock.now(), self.now()
            for leg in (call, call.peer):
                if leg is None or leg.ended:
                    continue
                leg.phase = "Connected"
                leg.ringing = False
                leg.connected_at, leg.connected_mono = now_dt, now
                self._cancel_timers(leg)
            self._changed(call)
            if call.peer is not None:
                self._changed(call.peer)

    def set_hold(self, call: SimCall, on: bool) -> None:
        """Hold (or resume) ``call`` here; the far leg sees CallHold."""
        with self.lock:
            call.local_hold = on
            self._changed(call)
            if call.peer is not None and not call.peer.ended:
                call.peer.remote_hold = on
                self._changed(call.peer)

    def dtmf(self, call: SimCall, digits: str) -> None:
        """Send ``digits`` from ``call`` to its far end (recorded on the far leg's ``dtmf_received``)."""
        with self.lock:
            call.dtmf_sent += digits
            if call.peer is not None and not call.peer.ended:
                call.peer.dtmf_received += digits
                self._changed(call.peer)
            self._changed(call)

    def hangup(self, call: SimCall, reason: str = "local") -> None:
        """End ``call`` from its side; the far leg ends too ("remote", or "cancelled" while ringing)."""
        with self.lock:
            if call.ended:
                return
            peer = call.peer
            self._finish(call, reason)
            if peer is not None and not peer.ended:
                self._finish(peer, "cancelled" if peer.phase == "Offering" else "remote")

    def reject(self, call: SimCall) -> None:
        """The callee rejects a ringing ``call``: the caller's call fails (Disconnected, "rejected")."""
        with self.lock:
            peer = call.peer
            self._finish(call, "rejected")
            if peer is not None and not peer.ended:
                self._fail(peer, "rejected")

    def blind_transfer(self, call: SimCall, dest: str) -> None:
        """Hand ``call``'s far end over to ``dest``: our leg ends, the far end calls ``dest``."""
        with self.lock:
            peer = call.peer
            if peer is None or peer.ended:
                raise PhoneStatus("4003", detail="the call has no far end to transfer")
            self._finish(call, "transferred")
            self._finish(peer, "transferred")
            if peer.phone is not None:
                new = peer.phone.start_outgoing(peer.line, dest, hold_others=False)
                self.place(new, dest)
                return
            target = self.lookup(dest)
            if target is not None:
                leg = self.new_call(None, 1, "Outgoing", "Proceeding")
                leg.remote_number = normalize_number(dest)
                self.far_calls.append(leg)
                self.far_history.append(leg)
                self._originate_far(leg, peer.remote_number or peer.remote_name, "", target[0], target[1])

    def join(self, first: SimCall, second: SimCall) -> None:
        """Complete a consultative transfer: the far ends of ``first`` and ``second`` talk, we leave."""
        with self.lock:
            a, b = first.peer, second.peer
            if a is None or b is None or a.ended or b.ended:
                raise PhoneStatus("4003", detail="both calls need a far end to join")
            if first.phase != "Connected" or second.phase != "Connected":
                raise PhoneStatus("4003", detail="both calls must be connected")
            first.peer = second.peer = None
            self._finish(first, "transferred")
            self._finish(second, "transferred")
            a.peer, b.peer = b, a
            for me, other in ((a, b), (b, a)):
                owner = other.phone
                if owner is not None:
                    me.remote_number = owner.line_address(other.line)
                    me.remote_name = owner.display_name(other.line) or me.remote_number
                    me.remote_ip = owner.ip
                else:
                    me.remote_number = other.remote_number or me.remote_number
                    me.remote_name = me.remote_number
                me.remote_hold = other.local_hold
                self._changed(me)

    # -- ending --------------------------------------------------------------------------------

    def _fail(self, call: SimCall, reason: str) -> None:
        """The network ends ``call`` (busy, rejected, unreachable): it lingers as Disconnected."""
        self._finish(call, reason, linger=True)

    def _finish(self, call: SimCall, reason: str, *, linger: bool = False) -> None:
        if call.ended:
            return
        now = self.now()
        call.media_update(now)
        call._media_mark = None
        call.ended_mono, call.ended_at = now, self.clock.now()
        call.end_reason = reason
        call.ringing = False
        call.phase = "Disconnected"
        self._cancel_timers(call)
        if call.phone is None:
            if call in self.far_calls:
                self.far_calls.remove(call)
            return
        phone = call.phone
        delay = self.timing.disconnect_linger_ms if linger else 0.0
        if delay > 0:
            phone.call_changed(call)
            self.scheduler.call_later(delay, lambda: phone.remove_call(call))
        else:
            phone.remove_call(call)
