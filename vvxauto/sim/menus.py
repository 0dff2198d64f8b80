"""The simulated phone's menu tree (Menu key): lists, text fields, choices and status pages.

The tree is data; :mod:`vvxauto.sim.ui` walks it. Each node is one screen whose ``name`` is
reported as the uixml ``<screen name=...>``. Editable nodes read and write the phone's
configuration (source ``LOCAL``, as a change made on the phone's own screen), so what the menus
change is what ``config/get`` reports.

Main menu (three levels and more)::

    Menu
    ├── Features            → Do Not Disturb (toggle), Call Forwarding → Forward To (text)
    ├── Status              → Network → TCP/IP Parameters / Ethernet (info)
    │                         Platform → Phone (info); Lines (info)
    └── Settings            → Basic → Preferences → Display Name (text), Line Label (text),
                                                      Time Format (choice)
                                       Ring Type (choice); Phone Name (text)
                              Advanced (info: needs the admin password on a real phone)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vvxauto.sim.uixml import FieldView, ScreenView, SoftKey

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

__all__ = ["MAIN_MENU", "MenuNode", "MenuState", "current_value", "find_node", "item_label"]

InfoRows = Callable[["SimPhone"], list[str]]


@dataclass(frozen=True)
class MenuNode:
    """One menu screen.

    ``kind`` is ``"list"`` (children shown as a list), ``"text"`` (a text field editing
    ``param``), ``"choice"`` (a list of ``options`` setting ``param``), ``"toggle"`` (an item
    that flips the phone's boolean attribute ``flag`` without opening a screen) or ``"info"``
    (read-only rows from ``info``).
    """

    name: str
    title: str
    kind: str = "list"
    children: tuple[MenuNode, ...] = ()
    param: str = ""
    default: str = ""
    options: tuple[tuple[str, str], ...] = ()
    max_length: int = 32
    flag: str = ""
    info: InfoRows | None = field(default=None, compare=False)


def _cfg(phone: SimPhone, name: str, default: str = "") -> str:
    value = phone.config.get(name)
    return default if value is None else str(value)


def _network_rows(phone: SimPhone) -> list[str]:
    return [
        f"IP Address: {phone.ip}",
        "Subnet Mask: 255.0.0.0",
        f"MAC Address: {phone.mac}",
        "DHCP: Enabled",
    ]


def _ethernet_rows(phone: SimPhone) -> list[str]:
    return ["LAN Port: 1000 Mbps Full", "PC Port: Disabled", "VLAN: None"]


def _platform_rows(phone: SimPhone) -> list[str]:
    return [f"Model: {phone.layout.model}", f"MAC: {phone.mac}", f"Extension: {phone.extension}"]


def _lines_rows(phone: SimPhone) -> list[str]:
    rows = []
    for n in range(1, max(phone.layout.line_keys, 1) + 1):
        address = phone.config.get(f"reg.{n}.address")
        if address:
            rows.append(f"Line {n}: {address}")
    return rows or ["No lines configured"]


def _advanced_rows(phone: SimPhone) -> list[str]:
    return ["Admin password required", "Use the web interface"]


_PREFERENCES = MenuNode(
    "Preferences",
    "Preferences",
    children=(
        MenuNode("DisplayName", "Display Name", kind="text", param="reg.1.displayName"),
        MenuNode("LineLabel", "Line Label", kind="text", param="reg.1.label", max_length=16),
        MenuNode(
            "TimeFormat",
            "Time Format",
            kind="choice",
            param="lcl.datetime.time.24HourClock",
            default="1",
            options=(("24 Hour", "1"), ("12 Hour", "0")),
        ),
    ),
)

_BASIC = MenuNode(
    "BasicSettings",
    "Basic",
    children=(
        _PREFERENCES,
        MenuNode(
            "RingType",
            "Ring Type",
            kind="choice",
            param="np.normal.ringing.calls.tonePattern",
            default="ringer2",
            options=(
                ("Low Trill", "ringer2"),
                ("Low Double Trill", "ringer3"),
                ("Medium Trill", "ringer4"),
                ("Medium Double Trill", "ringer5"),
                ("High Trill", "ringer6"),
                ("High Double Trill", "ringer7"),
                ("Highest Trill", "ringer8"),
                ("Highest Double Trill", "ringer9"),
                ("Beeble", "ringer10"),
                ("Triplet", "ringer11"),
            ),
        ),
        MenuNode("PhoneName", "Phone Name", kind="text", param="up.phoneName", max_length=32),
    ),
)

MAIN_MENU = MenuNode(
    "Menu",
    "Menu",
    children=(
        MenuNode(
            "Features",
            "Features",
            children=(
                MenuNode("DoNotDisturb", "Do Not Disturb", kind="toggle", flag="dnd"),
                MenuNode(
                    "CallForwarding",
                    "Call Forwarding",
                    children=(MenuNode("ForwardTo", "Forward To", kind="text", param="reg.1.fwd.always"),),
                ),
            ),
        ),
        MenuNode(
            "Status",
            "Status",
            children=(
                MenuNode(
                    "NetworkStatus",
                    "Network",
                    children=(
                        MenuNode("TcpIpParameters", "TCP/IP Parameters", kind="info", info=_network_rows),
                        MenuNode("Ethernet", "Ethernet", kind="info", info=_ethernet_rows),
                    ),
                ),
                MenuNode(
                    "Platform",
                    "Platform",
                    children=(MenuNode("PhoneInfo", "Phone", kind="info", info=_platform_rows),),
                ),
                MenuNode("LinesStatus", "Lines", kind="info", info=_lines_rows),
            ),
        ),
        MenuNode(
            "Settings",
            "Settings",
            children=(
                _BASIC,
                MenuNode("AdvancedSettings", "Advanced", kind="info", info=_advanced_rows),
            ),
        ),
    ),
)


def item_label(node: MenuNode, phone: SimPhone) -> str:
    """The text of ``node`` as an item of its parent's list (toggles show their state)."""
    if node.kind == "toggle":
        on = bool(getattr(phone, node.flag))
        return f"{node.title}: {'On' if on else 'Off'}"
    return node.title


def find_node(path: tuple[int, ...]) -> MenuNode:
    """The node reached from the main menu by child indexes ``path`` (``()`` is the main menu)."""
    node = MAIN_MENU
    for index in path:
        node = node.children[index]
    return node


def current_value(node: MenuNode, phone: SimPhone) -> str:
    """The configured value of an editable node (its default when unset)."""
    return _cfg(phone, node.param, node.default)


def _kebab(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


MENU_SOFTKEYS = (("Select", "select"), ("Back", "back"), ("Home", "home"))
TEXT_SOFTKEYS = (("Save", "save"), ("Delete", "delete"), ("Cancel", "back"))
INFO_SOFTKEYS = (("Back", "back"), ("Home", "home"))


@dataclass
class MenuState:
    """Where the user is in the menu tree: the path of child indexes, the selected row, and the
    text being edited on a text screen. Editable nodes write the configuration as ``LOCAL``."""

    path: list[int] = field(default_factory=list)
    selected: int = 0
    text: str = ""

    @property
    def node(self) -> MenuNode:
        """The node on screen."""
        return find_node(tuple(self.path))

    @property
    def kind(self) -> str:
        """``menu-list``, ``menu-choice``, ``menu-text`` or ``menu-info``."""
        return f"menu-{self.node.kind}"

    def open(self, path: list[int], phone: SimPhone) -> None:
        """Show the node at ``path`` (its current value ready for editing or choosing)."""
        self.path = list(path)
        self.selected = 0
        self._arrive(phone)

    def _arrive(self, phone: SimPhone) -> None:
        node = self.node
        if node.kind == "text":
            self.text = current_value(node, phone)
        elif node.kind == "choice":
            values = [v for _, v in node.options]
            value = current_value(node, phone)
            self.selected = values.index(value) if value in values else 0

    def items(self, phone: SimPhone) -> list[str]:
        """Rows of a list or choice screen."""
        node = self.node
        if node.kind == "choice":
            return [label for label, _ in node.options]
        return [item_label(child, phone) for child in node.children]

    def view(self, phone: SimPhone) -> ScreenView:
        """The screen of the node on screen."""
        node = self.node
        if node.kind == "text":
            return ScreenView(
                node.name,
                node.title,
                text_field=FieldView(_kebab(node.name), self.text),
                softkeys=_softkeys(TEXT_SOFTKEYS),
            )
        if node.kind == "info":
            rows = node.info(phone) if node.info else []
            return ScreenView(
                node.name,
                node.title,
                labels=[(f"row-{i + 1}", text) for i, text in enumerate(rows)],
                softkeys=_softkeys(INFO_SOFTKEYS),
            )
        return ScreenView(
            node.name,
            node.title,
            list_id="menu",
            items=self.items(phone),
            selected=self.selected,
            softkeys=_softkeys(MENU_SOFTKEYS),
        )

    def move(self, step: int, phone: SimPhone) -> None:
        """Move the selection ``step`` rows, stopping at the ends of the list."""
        self.selected = max(0, min(self.selected + step, len(self.items(phone)) - 1))

    def back(self) -> bool:
        """Go up one level; False when already at the main menu (the caller leaves the menu)."""
        if not self.path:
            return False
        self.selected = self.path.pop()
        return True

    def select(self, phone: SimPhone) -> str:
        """Open the selected row: enter a child, flip a toggle, or choose an option (then go up).

        Returns the pop-up message to show ("" for none).
        """
        node = self.node
        if node.kind == "choice":
            phone.config.set(node.param, node.options[self.selected][1], source="LOCAL")
            self.back()
            return "Saved"
        if node.kind != "list" or not node.children:
            return ""
        child = node.children[self.selected]
        if child.kind == "toggle":
            setattr(phone, child.flag, not getattr(phone, child.flag))
            phone.version += 1
            return ""
        self.path.append(self.selected)
        self.selected = 0
        self._arrive(phone)
        return ""

    def save(self, phone: SimPhone) -> str:
        """Store the edited text and go up; returns the pop-up message."""
        node = self.node
        if node.kind != "text":
            return ""
        phone.config.set(node.param, self.text, source="LOCAL")
        self.back()
        return "Saved"

    def type(self, text: str, replace: bool = False) -> None:
        """Type into the text being edited (cut to the field's length)."""
        self.text = (("" if replace else self.text) + text)[: self.node.max_length]

    def delete(self) -> None:
        """Remove the last character of the text being edited."""
        self.text = self.text[:-1]


def _softkeys(pairs: tuple[tuple[str, str], ...]) -> list[SoftKey]:
    return [SoftKey(label, action) for label, action in pairs]
