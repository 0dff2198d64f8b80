"""What the simulated phone's screen shows: navigation state, softkey sets and screen building.

:class:`UIScreens` holds the UI's navigation state (mode, dial and transfer buffers, menu, pick
list, softkey page, pop-up) and derives from it and from the phone's calls, hook and
configuration the :class:`~vvxauto.sim.uixml.ScreenView` of every screen (Home, Dialer, call
screens, Transfer, Directories/Callers, menus), with the status bar and line keys.
:class:`~vvxauto.sim.ui.PhoneUI` builds on it (inputs in :mod:`vvxauto.sim.ui_actions` and
:mod:`vvxauto.sim.ui`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vvxauto.sim import menus
from vvxauto.sim.render import render_bmp
from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.timing import Clock
from vvxauto.sim.uixml import (
    FieldView,
    LineKeyView,
    ScreenTree,
    ScreenView,
    SoftKey,
    compose,
    list_rows,
    paginate,
    to_xml,
)

if TYPE_CHECKING:
    from vvxauto.sim.calls import SimCall
    from vvxauto.sim.device import SimPhone

__all__ = [
    "CONNECTED_SOFTKEYS",
    "HELD_SOFTKEYS",
    "HOME_SOFTKEYS",
    "INCOMING_SOFTKEYS",
    "INFO_SOFTKEYS",
    "OUTGOING_SETUP",
    "POPUP_SECONDS",
    "Current",
    "UIScreens",
]

POPUP_SECONDS = 3.0  # a pop-up message closes by itself after this long (or on any input)

OUTGOING_SETUP = ("Setup", "Proceeding", "RingBack")

HOME_SOFTKEYS = (
    ("New Call", "new_call"),
    ("Forward", "forward"),
    ("DND", "dnd"),
    ("Directories", "directories"),
    ("Callers", "callers"),
    ("Messages", "messages"),
    ("Redial", "redial"),
    ("Settings", "settings"),
    ("Status", "status"),
)
CONNECTED_SOFTKEYS = (
    ("Hold", "hold"),
    ("End Call", "end"),
    ("Transfer", "transfer"),
    ("Conference", "conference"),
    ("Park", "park"),
    ("Mute", "mute"),
    ("Record", "record"),
    ("Directories", "directories"),
    ("Callers", "callers"),
)
HELD_SOFTKEYS = (
    ("Resume", "resume"),
    ("End Call", "end"),
    ("New Call", "new_call"),
    ("Transfer", "transfer"),
)
INCOMING_SOFTKEYS = (("Answer", "answer"), ("Ignore", "ignore"), ("Reject", "reject"))
INFO_SOFTKEYS = menus.INFO_SOFTKEYS

_STATUS_TEXT = {
    "Dialtone": "Dial Tone",
    "Setup": "Calling",
    "Proceeding": "Calling",
    "RingBack": "Ringing",
    "Offering": "Incoming Call",
    "Connected": "Connected",
    "Hold": "On Hold",
    "CallHold": "Held by Far End",
}


@dataclass
class Current:
    """The screen being shown, with what the input handlers need to act on it."""

    view: ScreenView
    kind: str  # home, dialer, call, transfer, menu-list, menu-text, menu-choice, menu-info, pick
    call: SimCall | None = None


class UIScreens:
    """Navigation state of one simulated phone's UI and the screens derived from it."""

    def __init__(self, phone: SimPhone) -> None:
        self.phone = phone
        self.version = 0  # bumped on every navigation change
        self.volume = 8
        self._shot_key = ""
        self._shot = b""
        self._reset()

    def _reset(self) -> None:
        self.mode = "home"  # home, dialer, transfer, menu, pick
        self.dial_digits = ""
        self.dial_line = 1
        self.transfer_from = ""
        self.transfer_digits = ""
        self.consult: tuple[str, str] | None = None  # (held call, consultation call) handles
        self.focus_handle = ""
        self.menu = menus.MenuState()
        self.pick_kind = ""  # "directories" or "callers"
        self.pick_sel = 0
        self.scroll = 0
        self.page = 0
        self._signature: tuple[Any, ...] = ()
        self.popup_text = ""
        self.popup_until = 0.0
        self._pressed: tuple[str, int] | None = None
        self.version += 1

    def _clock(self) -> Clock:
        return self.phone.exchange.clock

    def _now(self) -> float:
        return self._clock().monotonic()

    def popup(self, text: str) -> None:
        """Show a pop-up message (closes after :data:`POPUP_SECONDS` or on the next input)."""
        self.popup_text = text
        self.popup_until = self._now() + POPUP_SECONDS
        self.version += 1

    def _popup_shown(self) -> str:
        if self.popup_text and self._now() >= self.popup_until:
            self.popup_text = ""
        return self.popup_text

    def _live_calls(self) -> list[SimCall]:
        return [c for c in self.phone.calls if c.state != "Disconnected" and not c.ended]

    def _focused(self, live: list[SimCall]) -> SimCall | None:
        if not live:
            return None
        for c in live:
            if c.state == "Offering" and c.ringing:
                return c  # a ringing call comes to the front (an ignored one does not)
        for c in live:
            if c.handle == self.focus_handle:
                return c
        for states in (("Dialtone", *OUTGOING_SETUP), ("Connected", "CallHold")):
            found = [c for c in live if c.state in states]
            if found:
                return found[-1]
        return live[-1]

    def _cfg(self, name: str, default: str = "") -> str:
        value = self.phone.config.get(name)
        return default if value is None else str(value)

    def dnd(self) -> bool:
        """True when Do Not Disturb is on."""
        return bool(self.phone.dnd)

    def _status(self) -> list[tuple[str, str]]:
        phone = self.phone
        now = self._clock().now()
        if self._cfg("lcl.datetime.time.24HourClock", "1") == "0":
            clock = now.strftime("%I:%M %p").lstrip("0")
        else:
            clock = now.strftime("%H:%M")
        status: list[tuple[str, str]] = []
        if phone.layout.screen is not None and phone.layout.screen.line_key_width > 0:
            name = self._cfg("reg.1.displayName") or phone.extension
            status.append(("user", name))
        if phone.muted:
            status.append(("mute", "Muted"))
        if self.dnd():
            status.append(("dnd", "DND"))
        if self._cfg("reg.1.fwd.always"):
            status.append(("forward", "Fwd"))
        status.append(("clock", clock))
        return status

    def _line_keys(self, live: list[SimCall]) -> list[LineKeyView]:
        keys: list[LineKeyView] = []
        for n in self.phone.line_numbers()[: self.phone.layout.line_keys]:
            address = self._cfg(f"reg.{n}.address")
            label = self._cfg(f"reg.{n}.label") or address or self.phone.layout.model
            state = "idle" if self.phone.is_registered(n) else "unregistered"
            on_line = [c for c in live if c.line == n]
            for states, name in (
                (("Offering",), "ringing"),
                (("Connected", "CallHold"), "active"),
                (("Dialtone", *OUTGOING_SETUP), "dialing"),
                (("Hold",), "held"),
            ):
                if any(c.state in states for c in on_line):
                    state = name
                    break
            keys.append(LineKeyView(n, label, state))
        return keys

    @staticmethod
    def _keys(pairs: tuple[tuple[str, str], ...]) -> list[SoftKey]:
        return [SoftKey(label, action) for label, action in pairs]

    def _build(self) -> Current:
        live = self._live_calls()
        call = self._focused(live)
        if self.mode == "transfer" and not any(c.handle == self.transfer_from for c in live):
            self.mode = "home"
        if self.mode == "menu":
            return self._menu_screen()
        if self.mode == "pick":
            return self._pick_screen()
        if self.mode == "transfer":
            return self._transfer_screen()
        if call is not None and call.state == "Dialtone":
            return self._dialer_screen(call)
        if self.mode == "dialer":
            return self._dialer_screen(None)
        if call is not None:
            return self._call_screen(call, live)
        now = self._clock().now()
        labels = [("date", now.strftime("%A, %B %d").replace(" 0", " ")), ("extension", self.phone.extension)]
        if self.dnd():
            labels.append(("dnd", "Do Not Disturb"))
        forward = self._cfg("reg.1.fwd.always")
        if forward:
            labels.append(("forward", f"Forwarding to {forward}"))
        title = self._cfg("reg.1.displayName") or self.phone.extension
        return Current(ScreenView("Home", title, labels=labels, softkeys=self._keys(HOME_SOFTKEYS)), "home")

    def _dialer_screen(self, call: SimCall | None) -> Current:
        keys = [SoftKey("Dial", "dial", enabled=bool(self.dial_digits))]
        keys.append(SoftKey("End Call" if call is not None else "Cancel", "cancel_dial"))
        keys += self._keys((("Callers", "callers"), ("Directories", "directories")))
        line = call.line if call is not None else self.dial_line
        view = ScreenView(
            "Dialer",
            "Dial",
            labels=[("line", f"Line {line}: {self._cfg(f'reg.{line}.label') or self.phone.extension}")],
            text_field=FieldView("dial-number", self.dial_digits),
            softkeys=keys,
        )
        return Current(view, "dialer", call=call)

    def _transfer_screen(self) -> Current:
        consult = self._consultative()
        keys = [
            SoftKey("Transfer", "transfer_go", enabled=bool(self.transfer_digits)),
            SoftKey(
                "Blind" if consult else "Consultative", "transfer_alt", enabled=bool(self.transfer_digits)
            ),
            SoftKey("Cancel", "transfer_cancel"),
        ]
        view = ScreenView(
            "Transfer",
            "Transfer",
            labels=[("transfer-type", "Consultative" if consult else "Blind")],
            text_field=FieldView("transfer-number", self.transfer_digits),
            softkeys=keys,
        )
        return Current(view, "transfer")

    def _consultative(self) -> bool:
        """True unless the transfer type is Blind ("Safe" transfers consult first too)."""
        return str(self.phone.transfer_type).lower() != "blind"

    def _call_screen(self, call: SimCall, live: list[SimCall]) -> Current:
        state = call.state
        who = call.remote_name or call.remote_number
        labels = [
            ("remote-name", who),
            ("remote-number", call.remote_number),
        ]
        consulting = self.consult is not None and call.handle in self.consult
        if state == "Offering":
            name, keys = "IncomingCall", self._keys(INCOMING_SOFTKEYS)
        elif state in OUTGOING_SETUP:
            name = "RingBack" if state == "RingBack" else "Calling"
            keys = [SoftKey("End Call", "end")]
            if consulting:
                keys.insert(0, SoftKey("Transfer", "transfer"))
        elif state == "Hold":
            name, keys = "Held", self._keys(HELD_SOFTKEYS)
        else:
            name = "RemoteHold" if state == "CallHold" else "Connected"
            keys = self._keys(CONNECTED_SOFTKEYS)
            duration = call.duration(self._now())
            labels.append(("duration", f"{duration // 60:02d}:{duration % 60:02d}"))
        view = ScreenView(name, _STATUS_TEXT[state], labels=labels, softkeys=keys)
        if len(live) > 1:
            view.labels = []
            view.title = f"{len(live)} Calls"
            view.list_id = "calls"
            view.items = [f"{c.remote_name or c.remote_number} - {_STATUS_TEXT[c.state]}" for c in live]
            view.selected = live.index(call)
        return Current(view, "call", call=call)

    def _menu_screen(self) -> Current:
        return Current(self.menu.view(self.phone), self.menu.kind)

    def _pick_entries(self) -> list[tuple[str, str]]:
        """(text, number) rows of the Directories or Callers list."""
        if self.pick_kind == "callers":
            rows: list[tuple[str, str]] = []
            for call in reversed(self.phone.history):
                number = str(call.remote_number)
                if number:
                    arrow = "<" if call.direction == "Incoming" else ">"
                    rows.append((f"{arrow} {call.remote_name or number} {number}", number))
            return rows[:20]
        entries: list[tuple[str, str]] = []
        for other in self.phone.exchange.phones:
            if other is self.phone:
                continue
            name = other.config.get("reg.1.displayName") or other.role
            entries.append((f"{name} {other.extension}", other.extension))
        return sorted(entries, key=lambda e: e[1])

    def _pick_screen(self) -> Current:
        entries = self._pick_entries()
        title = "Recent Calls" if self.pick_kind == "callers" else "Contact Directory"
        view = ScreenView(
            "Callers" if self.pick_kind == "callers" else "Directories",
            title,
            list_id=self.pick_kind,
            items=[text for text, _ in entries],
            selected=min(self.pick_sel, len(entries) - 1),
            softkeys=[SoftKey("Dial", "pick_dial", enabled=bool(entries)), *self._keys(INFO_SOFTKEYS)],
        )
        if not entries:
            view.labels = [("empty", "No entries")]
        return Current(view, "pick")

    def current(self) -> Current:
        """The screen as it is now (the softkey page resets when the screen changes)."""
        with self.phone.lock:
            cur = self._build()
            view = cur.view
            if self.phone.layout.screen is not None:
                view.status = self._status()
                view.line_keys = self._line_keys(self._live_calls())
                self._fit_scroll(view)
            view.popup = self._popup_shown()
            signature = (view.name, tuple(k.label for k in view.softkeys))
            if signature != self._signature:
                self._signature = signature
                self.page = 0
            pages = len(paginate(view.softkeys, self.phone.layout.softkey_slots))
            self.page %= max(pages, 1)
            view.page = self.page
            return cur

    def _fit_scroll(self, view: ScreenView) -> None:
        if not view.list_id:
            return
        rows = self._visible_rows(view)
        sel = max(view.selected, 0)
        self.scroll = min(self.scroll, max(len(view.items) - rows, 0))
        if sel < self.scroll:
            self.scroll = sel
        elif sel >= self.scroll + rows:
            self.scroll = sel - rows + 1
        view.scroll = self.scroll

    def _visible_rows(self, view: ScreenView) -> int:
        screen = self.phone.layout.screen
        assert screen is not None
        return max(list_rows(screen) - len(view.labels) - (1 if view.text_field else 0), 1)

    def view(self) -> ScreenView:
        """What the screen shows now."""
        return self.current().view

    def tree(self) -> ScreenTree:
        """The laid-out widget tree of the current screen (raises 4004 without a screen)."""
        if self.phone.layout.screen is None:
            raise PhoneStatus("4004", detail="this model has no screen")
        return compose(self.view(), self.phone.layout)

    def uixml(self) -> str:
        """The uixml text of the current screen."""
        return to_xml(self.tree())

    def screenshot(self) -> bytes:
        """The screen capture (BMP bytes); redrawn only when the uixml of the screen changed."""
        with self.phone.lock:
            tree = self.tree()
            key = to_xml(tree)
            if key != self._shot_key:
                self._shot_key, self._shot = key, render_bmp(tree)
            return self._shot

    def _input_begins(self) -> bool:
        """Close a pop-up; True when one was open."""
        self.version += 1
        if self._popup_shown():
            self.popup_text = ""
            return True
        return False
