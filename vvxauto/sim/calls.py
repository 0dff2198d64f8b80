"""One leg of a simulated call, as one phone (or a scripted far end) sees it.

A call between two lab phones is two :class:`SimCall` objects, one per phone, each the other's
``peer``. A scripted far end (a number that is no lab phone) is a SimCall with ``phone`` None.

``state`` is derived: a call past answer is "Hold" when held here, "CallHold" when held by the far
end only, else "Connected". Media counters are computed from time (no threads): 50 packets/s of
G.722 (160-byte payload) in each direction the media flows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

__all__ = ["CALL_STATES", "PACKETS_PER_SECOND", "PAYLOAD_BYTES", "SimCall"]

CALL_STATES = (
    "Dialtone",
    "Setup",
    "Proceeding",
    "RingBack",
    "Offering",
    "Connected",
    "Hold",
    "CallHold",
    "Disconnected",
)
PACKETS_PER_SECOND = 50
PAYLOAD_BYTES = 160
RTP_HEADER_BYTES = 12


@dataclass(eq=False)
class SimCall:
    """One call leg. Mutate only through SimPhone / Exchange methods, under the exchange lock."""

    handle: str
    line: int
    direction: str  # "Incoming" or "Outgoing"
    phase: str  # Dialtone, Setup, Proceeding, RingBack, Offering, Connected, Disconnected
    start_time: datetime
    start_mono: float
    phone: SimPhone | None = field(default=None, repr=False)
    remote_name: str = ""
    remote_number: str = ""
    remote_ip: str = ""
    ringing: bool = False
    sequence: int = 1
    local_hold: bool = False
    remote_hold: bool = False
    peer: SimCall | None = field(default=None, repr=False)
    connected_at: datetime | None = None
    connected_mono: float | None = None
    ended_at: datetime | None = None
    ended_mono: float | None = None
    end_reason: str = ""  # local, remote, rejected, busy, unreachable, transferred, restart, cancelled
    dtmf_received: str = ""
    dtmf_sent: str = ""
    call_id: str = ""  # SIP Call-ID
    rtp_port: int = 2222
    protocol: str = "SIP"
    # media accounting: seconds of flow folded in at each direction change
    _tx_s: float = field(default=0.0, repr=False)
    _rx_s: float = field(default=0.0, repr=False)
    _media_mark: float | None = field(default=None, repr=False)
    _media_dir: str = field(default="inactive", repr=False)
    notified_state: str = field(default="", repr=False)  # last state told to telephony-event listeners

    @property
    def state(self) -> str:
        """The callStatus ``CallState``."""
        if self.phase != "Connected":
            return self.phase
        if self.local_hold:
            return "Hold"
        if self.remote_hold:
            return "CallHold"
        return "Connected"

    @property
    def is_far_end(self) -> bool:
        """True for a scripted far end's leg (no lab phone behind it)."""
        return self.phone is None

    @property
    def ended(self) -> bool:
        """True once the call is over (it may still linger as Disconnected)."""
        return self.ended_mono is not None

    @property
    def has_audio(self) -> bool:
        """True while this call uses the phone's audio path (not held here, not ringing in)."""
        if self.ended or self.phase == "Offering" or self.phase == "Disconnected":
            return False
        return not (self.phase == "Connected" and self.local_hold)

    @property
    def media_direction(self) -> str:
        """SDP direction as this phone sees it: sendrecv, sendonly (we hold), recvonly, inactive."""
        if self.phase != "Connected" or self.ended:
            return "inactive"
        if self.local_hold and self.remote_hold:
            return "inactive"
        if self.local_hold:
            return "sendonly"
        if self.remote_hold:
            return "recvonly"
        return "sendrecv"

    @property
    def muted(self) -> bool:
        """True when the phone is muted and this is the call using the microphone."""
        return bool(self.phone is not None and self.phone.muted and self.has_audio)

    @property
    def appearance(self) -> int:
        """1-based position of this call among its phone's calls on the same line."""
        if self.phone is None:
            return 1
        same_line = [c for c in self.phone.calls if c.line == self.line]
        return same_line.index(self) + 1 if self in same_line else 0

    @property
    def dialled(self) -> bool:
        """False for a call that never left Dialtone (it leaves no call-log entry)."""
        return self.direction == "Incoming" or bool(self.remote_number)

    def duration(self, now_mono: float) -> int:
        """Whole seconds since answer (since start while not yet answered), up to the end."""
        end = self.ended_mono if self.ended_mono is not None else now_mono
        begin = self.connected_mono if self.connected_mono is not None else self.start_mono
        return max(int(end - begin), 0)

    def talk_seconds(self, now_mono: float) -> int:
        """Whole seconds the call was connected (0 when never answered): the call-log Duration."""
        if self.connected_mono is None:
            return 0
        end = self.ended_mono if self.ended_mono is not None else now_mono
        return max(int(end - self.connected_mono), 0)

    # -- media -------------------------------------------------------------------------------

    def media_update(self, now_mono: float) -> None:
        """Fold the flow up to ``now_mono`` into the counters; call after every state change."""
        self._fold(now_mono)
        self._media_dir = self.media_direction
        self._media_mark = now_mono if self._media_dir != "inactive" else None

    def _fold(self, now_mono: float) -> None:
        if self._media_mark is None:
            return
        elapsed = max(now_mono - self._media_mark, 0.0)
        if self._media_dir in ("sendrecv", "sendonly"):
            self._tx_s += elapsed
        if self._media_dir in ("sendrecv", "recvonly"):
            self._rx_s += elapsed
        self._media_mark = now_mono

    def media_seconds(self, now_mono: float) -> tuple[float, float]:
        """``(tx_seconds, rx_seconds)`` of media so far."""
        tx, rx = self._tx_s, self._rx_s
        if self._media_mark is not None:
            elapsed = max(now_mono - self._media_mark, 0.0)
            if self._media_dir in ("sendrecv", "sendonly"):
                tx += elapsed
            if self._media_dir in ("sendrecv", "recvonly"):
                rx += elapsed
        return tx, rx

    def packets(self, now_mono: float) -> tuple[int, int]:
        """``(sent, received)`` RTP packets so far."""
        tx, rx = self.media_seconds(now_mono)
        return int(tx * PACKETS_PER_SECOND), int(rx * PACKETS_PER_SECOND)

    def octets(self, now_mono: float) -> tuple[int, int]:
        """``(sent, received)`` RTP octets so far (payload plus RTP header)."""
        sent, received = self.packets(now_mono)
        per = PAYLOAD_BYTES + RTP_HEADER_BYTES
        return sent * per, received * per
