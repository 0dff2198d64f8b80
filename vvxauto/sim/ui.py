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

from typing import TYPE_CHECKING

from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.ui_actions import UIActions
from vvxauto.sim.ui_screens import OUTGOING_SETUP, POPUP_SECONDS, Current
from vvxauto.sim.uixml import ScreenTree, Widget, compose, metrics, paginate

if TYPE_CHECKING:
    from vvxauto.sim.calls import SimCall

__all__ = ["POPUP_SECONDS", "PhoneUI"]

DIALPAD = {f"Dialpad{d}": str(d) for d in range(10)} | {"DialpadStar": "*", "DialpadPound": "#"}
MAX_DIGITS = 32


class PhoneUI(UIActions):
    """Screen state of one simulated phone; the device calls :meth:`on_event` on every change.

    Every public method takes the phone's lock. Inputs raise :class:`PhoneStatus` ("4000")
    for invalid input; what a key does on a screen where it means nothing is ignored, as on a
    real phone. What is shown is built by :class:`~vvxauto.sim.ui_screens.UIScreens`, what
    softkeys do by :class:`~vvxauto.sim.ui_actions.UIActions`; this class routes the inputs.
    """

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

    def _forget(self, call: SimCall) -> None:
        if call.connected_at is not None and call.end_reason != "transferred":
            self.popup("Call Ended")
        if self.focus_handle == call.handle:
            self.focus_handle = ""
        if self.consult and call.handle in self.consult:
            self.consult = None
        if self.transfer_from == call.handle and self.mode == "transfer":
            self.mode = "home"

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
