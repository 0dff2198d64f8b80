"""The simulated phone's screen: a state machine over the phone's calls plus navigation state.

What the screen shows is derived on every read from the phone (its calls, hook, mute and
configuration) and from this module's own navigation state (open menu, dial buffer, transfer
entry, softkey page, pop-up). Inputs (keys, touch, text) act by calling the :class:`SimPhone`
methods, exactly as a user's key presses make a real phone act. The device tells the UI about
changes through :meth:`PhoneUI.on_event`.

Screens (the uixml ``<screen name=...>``): ``Home``, ``Dialer``, ``Calling``, ``RingBack``,
``IncomingCall``, ``Connected``, ``RemoteHold``, ``Held``, ``Transfer``, ``Directories``,
``Callers`` and one per menu node (``Menu``, ``Settings``, ``BasicSettings``, ``Preferences``,
``DisplayName`` ... see :mod:`vvxauto.sim.menus`).
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
    Widget,
    compose,
    list_rows,
    metrics,
    paginate,
    to_xml,
)

if TYPE_CHECKING:
    from vvxauto.sim.calls import SimCall
    from vvxauto.sim.device import SimPhone

__all__ = ["POPUP_SECONDS", "PhoneUI"]

POPUP_SECONDS = 3.0  # a pop-up message closes by itself after this long (or on any input)

DIALPAD = {f"Dialpad{d}": str(d) for d in range(10)} | {"DialpadStar": "*", "DialpadPound": "#"}
OUTGOING_SETUP = ("Setup", "Proceeding", "RingBack")
MAX_DIGITS = 32

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


class PhoneUI:
    """Screen state of one simulated phone; the device calls :meth:`on_event` on every change.

    Every public method takes the phone's lock. Inputs raise :class:`PhoneStatus` ("4000")
    for invalid input; what a key does on a screen where it means nothing is ignored, as on a
    real phone.
    """

    def __init__(self, phone: SimPhone) -> None:
        self.phone = phone
        self.version = 0  # bumped on every navigation change
        self.volume = 8
        self._shot_key = ""
        self._shot = b""
        self._reset()

    # -- state ---------------------------------------------------------------------------------

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

    def on_event(self, event: str, call: SimCall | None = None) -> None:
        """Follow a device change: event is "call_state", "hook", "mute", "restart" or "config"."""
        with self.phone.lock:
            self.version += 1
            if event == "restart":
                self._reset()
                return
            if event == "hook":
                if not self.phone.off_hook and not self._live_calls():
                    self._go_home()
                return
            if event != "call_state" or call is None:
                return
            if call.state == "Offering":
                if self.mode in ("menu", "pick", "dialer", "transfer"):
                    self.mode = "home"
                self.focus_handle = ""
            elif call.direction == "Outgoing" and call.state in OUTGOING_SETUP:
                self.focus_handle = call.handle
            elif call.state == "Disconnected" or call.ended:
                self._forget(call)

    @property
    def last_dialed(self) -> str:
        """The number the Redial key calls: the newest placed call's."""
        for call in reversed(self.phone.history):
            if call.direction == "Outgoing" and call.remote_number:
                return str(call.remote_number)
        return ""

    def _forget(self, call: SimCall) -> None:
        if call.connected_at is not None and call.end_reason != "transferred":
            self.popup("Call Ended")
        if self.focus_handle == call.handle:
            self.focus_handle = ""
        if self.consult and call.handle in self.consult:
            self.consult = None
        if self.transfer_from == call.handle and self.mode == "transfer":
            self.mode = "home"

    # -- what is on screen -----------------------------------------------------------------------

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

    # -- inputs ----------------------------------------------------------------------------------

    def _input_begins(self) -> bool:
        """Close a pop-up; True when one was open."""
        self.version += 1
        if self._popup_shown():
            self.popup_text = ""
            return True
        return False

    def press_key(self, name: str) -> None:
        """A key tap; raises 4000 for a key this model lacks, 4004 without a screen."""
        layout = self.phone.layout
        if not layout.has_screen:
            raise PhoneStatus("4004", detail="this model has no keys")
        if not isinstance(name, str) or not layout.has_key(name):
            raise PhoneStatus("4000", detail=f"unknown key {name!r}")
        key = layout.canonical_key(name)
        with self.phone.lock:
            had_popup = self._input_begins()
            if had_popup and key == "Select":
                return  # Select closes the pop-up (its OK)
            cur = self.current()
            if key.startswith("SoftKey"):
                self._softkey(cur, int(key[len("SoftKey") :]))
            elif key.startswith("Line"):
                self._line(cur, int(key[len("Line") :]))
            elif key in DIALPAD:
                self._digit(cur, DIALPAD[key])
            elif key in ("ArrowUp", "ArrowDown"):
                self._move(cur, -1 if key == "ArrowUp" else 1)
            elif key in ("Select", "ArrowRight"):
                self._select(cur, key)
            elif key == "ArrowLeft":
                self._back(cur)
            elif key == "Delete":
                self._delete(cur)
            else:
                self._hard_key(cur, key)

    def _hard_key(self, cur: Current, key: str) -> None:
        phone = self.phone
        if key == "Handsfree":
            phone.press_handsfree()
        elif key == "Headset":
            phone.press_headset()
        elif key == "MicMute":
            phone.set_mute(not phone.muted)
        elif key == "Transfer":
            if cur.kind == "transfer":
                self._act(cur, "transfer_go")
            elif cur.kind == "call":
                self._act(cur, "transfer")
        elif key == "VolUp":
            self.volume = min(self.volume + 1, 15)
        elif key == "VolDown":
            self.volume = max(self.volume - 1, 0)
        elif key == "Menu":
            if self.mode == "menu" and not self.menu.path:
                self.mode = "home"
            else:
                self._open_menu([])
        elif key == "Redial":
            self._act(cur, "redial")
        elif key == "Applications":
            self.popup("No Applications")
        elif key == "Home":
            self._go_home()

    def _go_home(self) -> None:
        self.mode = "home"
        self.dial_digits = ""
        self.transfer_digits = ""

    def _softkey(self, cur: Current, slot: int) -> None:
        pages = paginate(cur.view.softkeys, self.phone.layout.softkey_slots)
        page = pages[self.page % len(pages)]
        if slot < 1 or slot > len(page):
            return
        key = page[slot - 1]
        if key is None or not key.enabled:
            return
        if key.action == "more":
            self.page = (self.page + 1) % len(pages)
            return
        self._act(cur, key.action)

    def _line(self, cur: Current, n: int) -> None:
        live = self._live_calls()
        on_line = [c for c in live if c.line == n]
        for c in on_line:
            if c.state == "Offering":
                self._device(self.phone.answer, c.handle)
                return
        held = [c for c in on_line if c.state == "Hold"]
        if held and not any(c.state in ("Connected", "CallHold") for c in live):
            self._device(self.phone.resume, held[0].handle)
            return
        if cur.kind == "dialer" and cur.call is None:
            self.dial_line = n
        elif not live and cur.kind in ("home", "menu-list", "menu-info", "pick"):
            self._new_call(n)

    def _new_call(self, line: int) -> None:
        """New Call softkey or a line key: a Dialtone call on the speaker."""
        self.dial_digits = ""
        self.dial_line = line
        call = self._device(self.phone.new_call, line, "speaker")
        if call is not None:
            self.mode = "home"
            self.focus_handle = call.handle

    def _open_dialer(self, line: int = 1, digits: str = "") -> None:
        self.mode = "dialer"
        self.dial_line = line
        self.dial_digits = digits

    def _digit(self, cur: Current, d: str) -> None:
        if cur.kind == "home":
            self._open_dialer(1, d)
        elif cur.kind == "dialer":
            self.dial_digits = (self.dial_digits + d)[:MAX_DIGITS]
        elif cur.kind == "transfer":
            self.transfer_digits = (self.transfer_digits + d)[:MAX_DIGITS]
        elif cur.kind == "menu-text":
            self.menu.type(d)
        elif cur.kind == "call" and cur.call is not None and cur.call.state in ("Connected", "CallHold"):
            self._device(self.phone.send_dtmf, d, cur.call.handle)
        elif cur.kind in ("menu-list", "menu-choice") and d.isdigit() and d != "0":
            index = int(d) - 1
            if index < len(cur.view.items):
                self.menu.selected = index
                self._select(cur, "Select")

    def _move(self, cur: Current, step: int) -> None:
        if cur.kind in ("menu-list", "menu-choice"):
            self.menu.move(step, self.phone)
        elif cur.kind == "pick":
            self.pick_sel = max(0, min(self.pick_sel + step, len(cur.view.items) - 1))
        elif cur.kind == "call" and cur.view.list_id == "calls" and cur.call is not None:
            live = self._live_calls()
            index = (live.index(cur.call) + step) % len(live)
            self.focus_handle = live[index].handle

    def _select(self, cur: Current, key: str) -> None:
        if cur.kind == "dialer" and key == "Select":
            self._act(cur, "dial")
        elif cur.kind == "transfer" and key == "Select":
            self._act(cur, "transfer_go")
        elif cur.kind in ("menu-list", "menu-choice"):
            self._act(cur, "select")
        elif cur.kind == "menu-text" and key == "Select":
            self._act(cur, "save")
        elif cur.kind == "pick" and key == "Select":
            self._act(cur, "pick_dial")

    def _back(self, cur: Current) -> None:
        if cur.kind.startswith("menu"):
            self._act(cur, "back")
        elif cur.kind == "pick":
            self.mode = "home"

    def _delete(self, cur: Current) -> None:
        if cur.kind == "dialer":
            self.dial_digits = self.dial_digits[:-1]
        elif cur.kind == "transfer":
            self.transfer_digits = self.transfer_digits[:-1]
        elif cur.kind == "menu-text":
            self.menu.delete()

    def _device(self, method: Any, *args: Any) -> Any:
        """Call a device method; a refusal shows as a pop-up (the key press itself succeeded)."""
        try:
            return method(*args)
        except PhoneStatus as exc:
            self.popup(
                {"4002": "Line Not Registered", "4003": "Not Allowed", "4007": "No Such Call"}.get(
                    exc.code, "Operation Failed"
                )
            )
            return None

    def _dial(self, number: str, line: int = 1) -> None:
        if not number:
            return
        self.mode = "home"
        self.dial_digits = ""
        call = self._device(self.phone.dial, number, line)
        if call is not None:
            self.focus_handle = call.handle

    def _open_menu(self, path: list[int]) -> None:
        self.mode = "menu"
        self.menu.open(path, self.phone)
        self.scroll = 0

    def _act(self, cur: Current, action: str) -> None:
        phone = self.phone
        call = cur.call
        handle = call.handle if call is not None else None
        if action == "new_call":
            self._new_call(1)
        elif action == "dial":
            line = call.line if call is not None else self.dial_line
            self._dial(self.dial_digits, line)
        elif action == "cancel_dial":
            self._go_home()
            if call is not None:
                self._device(phone.end, call.handle)
        elif action == "end" and call is not None and call.state == "Hold":
            # the phone refuses to end a held call: the UI resumes it first, as a user would
            if self._device(phone.resume, handle) is not None:
                self._device(phone.end, handle)
        elif action in ("end", "answer", "ignore", "reject", "hold", "resume"):
            self._device(getattr(phone, action), handle)
        elif action == "mute":
            phone.set_mute(not phone.muted)
        elif action == "transfer":
            self._start_transfer(call)
        elif action in ("transfer_go", "transfer_alt"):
            self._finish_transfer_entry(alternate=action == "transfer_alt")
        elif action == "transfer_cancel":
            self.mode = "home"
        elif action == "redial":
            live = self._live_calls()
            if any(c.state != "Dialtone" for c in live):
                return  # busy with a call: Redial does nothing
            if self.last_dialed:
                self._dial(self.last_dialed, live[0].line if live else 1)
            else:
                self.popup("No Redial Number")
        elif action in ("directories", "callers"):
            self.mode, self.pick_kind, self.pick_sel, self.scroll = "pick", action, 0, 0
        elif action == "pick_dial":
            entries = self._pick_entries()
            if entries:
                self._dial(entries[min(self.pick_sel, len(entries) - 1)][1])
        elif action == "dnd":
            self._toggle_dnd()
        elif action == "forward":
            self._open_menu([0, 1, 0])
        elif action == "settings":
            self._open_menu([2])
        elif action == "status":
            self._open_menu([1])
        elif action in ("back", "home") and cur.kind == "pick":
            self.mode = "home"
        elif action in ("select", "back", "home", "save", "delete"):
            self._menu_action(cur, action)
        else:
            self.popup(
                {
                    "messages": "No New Messages",
                    "conference": "Conference Unavailable",
                    "park": "Park Unavailable",
                    "record": "Recording Unavailable",
                }.get(action, "Unavailable")
            )

    def _toggle_dnd(self) -> None:
        self.phone.dnd = not self.dnd()
        self.phone.version += 1
        self.popup("Do Not Disturb On" if self.dnd() else "Do Not Disturb Off")

    def _start_transfer(self, call: SimCall | None) -> None:
        if call is None:
            return
        if self.consult is not None and call.handle in self.consult:
            self._complete_consult()
            return
        if call.state not in ("Connected", "CallHold", "Hold"):
            return
        self.mode = "transfer"
        self.transfer_from = call.handle
        self.transfer_digits = ""

    def _finish_transfer_entry(self, *, alternate: bool) -> None:
        number = self.transfer_digits
        if not number:
            return
        consult = self._consultative()
        if alternate:
            consult = not consult
        source = self.transfer_from
        self.mode = "home"
        self.transfer_digits = ""
        if not consult:
            self._blind_transfer(source, number)
            return
        call = self.phone.call_by_handle(source)
        if call.state != "Hold":
            self._device(self.phone.hold, source)
        target = self._device(self.phone.dial, number, call.line)
        if target is not None:
            self.consult = (source, target.handle)
            self.focus_handle = target.handle

    def _blind_transfer(self, handle: str, number: str) -> None:
        call = self.phone.call_by_handle(handle)
        if call.state == "Hold" and self._device(self.phone.resume, handle) is None:
            return
        self._device(self.phone.transfer, handle, number)
        if not any(c.handle == handle for c in self._live_calls()):
            self.popup("Call Transferred")

    def _complete_consult(self) -> None:
        assert self.consult is not None
        held, target = self.consult
        self.consult = None
        consult_call = self.phone.call_by_handle(target)
        if consult_call.state == "Connected":
            self._device(self.phone.complete_transfer, held, target)
        else:
            # still ringing: hand the held party over to the number being called
            number = consult_call.remote_number
            self._device(self.phone.end, target)
            self._blind_transfer(held, number)
            return
        if not any(c.handle == held for c in self._live_calls()):
            self.popup("Call Transferred")

    def _menu_action(self, cur: Current, action: str) -> None:
        if action == "home":
            self._go_home()
            return
        popup = ""
        if action == "back":
            if not self.menu.back():
                self.mode = "home"
        elif action == "select":
            popup = self.menu.select(self.phone)
        elif action == "save":
            popup = self.menu.save(self.phone)
        elif action == "delete":
            self.menu.delete()
        if action != "delete" and cur.view.name != self.menu.node.name:
            self.scroll = 0
        if popup:
            self.popup(popup)

    # -- touch and text ---------------------------------------------------------------------------

    def touch(self, kind: str, positions: list[tuple[int, int]]) -> None:
        """A validated touch event (see :mod:`vvxauto.sim.handlers.screen` for the rules)."""
        with self.phone.lock:
            tree = compose(self.view(), self.phone.layout)
            if kind == "Swipe":
                self._swipe(tree, positions)
                return
            x, y = positions[0]
            hit = tree.hit(x, y)
            target = hit.target if hit is not None else None
            if kind == "Press":
                self._pressed = target
                self.version += 1
                return
            if kind == "Release":
                pressed, self._pressed = self._pressed, None
                if pressed is None or pressed != target:
                    return
            self._tap(hit)

    def _tap(self, hit: Widget | None) -> None:
        had_popup = self._input_begins()
        if hit is None or hit.target is None or (had_popup and hit.tag == "popup"):
            return
        cur = self.current()
        what, value = hit.target
        if what == "softkey":
            self._softkey(cur, value)
        elif what == "line":
            self._line(cur, value)
        elif what == "item":
            if cur.kind in ("menu-list", "menu-choice"):
                self.menu.selected = value
                self._select(cur, "Select")
            elif cur.kind == "pick":
                self.pick_sel = value
            elif cur.kind == "call":
                live = self._live_calls()
                if value < len(live):
                    self.focus_handle = live[value].handle

    def _swipe(self, tree: ScreenTree, positions: list[tuple[int, int]]) -> None:
        (x0, y0), (x1, y1) = positions[0], positions[-1]
        self._input_begins()
        start = tree.hit(x0, y0)
        cur = self.current()
        screen = tree.screen
        if start is not None and start.tag in ("list", "item"):
            self._scroll(cur, -(y1 - y0) // metrics(screen).row)
            return
        if start is not None and start.tag == "softkey" and abs(x1 - x0) >= screen.width // 4:
            step = 1 if x1 < x0 else -1
            self.page = (self.page + step) % max(tree.page_count, 1)

    def _scroll(self, cur: Current, rows: int) -> None:
        """Scroll a list by ``rows`` items, keeping the selection on screen."""
        view = cur.view
        if not rows or cur.kind not in ("menu-list", "menu-choice", "pick"):
            if rows and cur.kind == "call":
                self._move(cur, 1 if rows > 0 else -1)
            return
        visible = self._visible_rows(view)
        self.scroll = max(0, min(self.scroll + rows, len(view.items) - visible))
        sel = self.pick_sel if cur.kind == "pick" else self.menu.selected
        sel = max(self.scroll, min(sel, self.scroll + visible - 1))
        if cur.kind == "pick":
            self.pick_sel = sel
        else:
            self.menu.selected = sel

    def text_input(self, value: str, replace: bool = False) -> None:
        """Type ``value`` into the focused field (replacing its text when ``replace``); 4000 if none."""
        with self.phone.lock:
            cur = self.current()
            tf = cur.view.text_field
            if tf is None or not tf.focused:
                raise PhoneStatus("4000", detail="no text field has focus")
            self.version += 1
            if cur.kind == "dialer":
                self.dial_digits = (("" if replace else self.dial_digits) + value)[:MAX_DIGITS]
            elif cur.kind == "transfer":
                self.transfer_digits = (("" if replace else self.transfer_digits) + value)[:MAX_DIGITS]
            else:
                self.menu.type(value, replace)
