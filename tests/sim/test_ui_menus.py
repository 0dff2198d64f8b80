"""The simulated phone's menu tree: arrows, Select, back, a text field, choices, status pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vvxauto.sim.device import SimPhone
from vvxauto.sim.exchange import Exchange
from vvxauto.sim.routing import PhoneStatus
from vvxauto.sim.timing import ManualClock
from vvxauto.sim.uixml import compose, list_rows, paginate


@pytest.fixture
def phone() -> Iterator[SimPhone]:
    exchange = Exchange(clock=ManualClock())
    yield SimPhone(exchange, "alice", "1001", "VVX 411", password="secret")
    exchange.close()


def press(phone: SimPhone, *keys: str) -> None:
    for key in keys:
        phone.ui.press_key(key)


def name(phone: SimPhone) -> str:
    return phone.ui.view().name


def softkey(phone: SimPhone, label: str) -> None:
    view = phone.ui.view()
    page = paginate(view.softkeys, phone.layout.softkey_slots)[view.page]
    labels = [k.label if k else "" for k in page]
    phone.ui.press_key(f"SoftKey{labels.index(label) + 1}")


def open_display_name(phone: SimPhone) -> None:
    """Menu -> Settings -> Basic -> Preferences -> Display Name, with arrows and Select only."""
    press(phone, "Menu")
    assert phone.ui.view().items == ["Features", "Status", "Settings"]
    press(phone, "ArrowDown", "ArrowDown", "Select")
    assert name(phone) == "Settings"
    press(phone, "Select")
    assert name(phone) == "BasicSettings"
    assert phone.ui.view().items == ["Preferences", "Ring Type", "Phone Name"]
    press(phone, "Select")
    assert name(phone) == "Preferences"
    press(phone, "Select")
    assert name(phone) == "DisplayName"


def test_menu_navigation_reaches_the_text_field_with_its_current_value(phone: SimPhone) -> None:
    open_display_name(phone)
    view = phone.ui.view()
    assert view.title == "Display Name"
    assert view.text_field is not None
    assert (view.text_field.id, view.text_field.text, view.text_field.focused) == (
        "display-name",
        "Alice",
        True,
    )
    assert [k.label for k in view.softkeys] == ["Save", "Delete", "Cancel"]


def test_typing_deleting_and_saving_writes_the_config_as_local(phone: SimPhone) -> None:
    open_display_name(phone)
    phone.ui.text_input("Alicia", replace=True)
    phone.ui.text_input(" B")
    press(phone, "Delete", "Dialpad7")
    assert phone.ui.view().text_field.text == "Alicia 7"  # type: ignore[union-attr]
    softkey(phone, "Save")
    assert phone.config.get("reg.1.displayName") == "Alicia 7"
    assert phone.config.source("reg.1.displayName") == "LOCAL"
    view = phone.ui.view()
    assert (view.name, view.popup) == ("Preferences", "Saved")
    press(phone, "Home")
    assert phone.ui.view().title == "Alicia 7"


def test_cancel_leaves_the_config_unchanged(phone: SimPhone) -> None:
    open_display_name(phone)
    phone.ui.text_input("Zed", replace=True)
    softkey(phone, "Cancel")
    assert name(phone) == "Preferences"
    assert phone.config.get("reg.1.displayName") == "Alice"


def test_select_in_a_text_field_saves(phone: SimPhone) -> None:
    press(phone, "Menu", "ArrowDown", "ArrowDown", "Select", "Select", "Select", "ArrowDown", "Select")
    assert name(phone) == "LineLabel"
    phone.ui.text_input("Desk", replace=True)
    press(phone, "Select")
    assert [lk.label for lk in phone.ui.view().line_keys] == ["Desk"]


def test_arrow_left_goes_up_one_level_and_leaves_from_the_top(phone: SimPhone) -> None:
    open_display_name(phone)
    press(phone, "ArrowLeft")
    assert name(phone) == "Preferences"
    assert phone.ui.view().selected == 0
    press(phone, "ArrowLeft", "ArrowLeft")
    assert name(phone) == "Settings"
    press(phone, "ArrowLeft")
    assert (name(phone), phone.ui.view().selected) == ("Menu", 2)
    press(phone, "ArrowLeft")
    assert name(phone) == "Home"


def test_home_key_leaves_any_menu_depth_and_menu_key_toggles(phone: SimPhone) -> None:
    open_display_name(phone)
    press(phone, "Home")
    assert name(phone) == "Home"
    press(phone, "Menu")
    assert name(phone) == "Menu"
    press(phone, "Menu")
    assert name(phone) == "Home"


def test_arrows_stop_at_the_ends_of_a_list(phone: SimPhone) -> None:
    press(phone, "Menu", "ArrowUp")
    assert phone.ui.view().selected == 0
    press(phone, "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown")
    assert phone.ui.view().selected == 2


def test_a_digit_opens_that_item(phone: SimPhone) -> None:
    press(phone, "Menu", "Dialpad3")
    assert name(phone) == "Settings"


def test_back_and_home_softkeys(phone: SimPhone) -> None:
    press(phone, "Menu", "Select")
    assert name(phone) == "Features"
    softkey(phone, "Back")
    assert name(phone) == "Menu"
    softkey(phone, "Home")
    assert name(phone) == "Home"


def test_choice_sets_the_time_format_shown_in_the_clock(phone: SimPhone) -> None:
    press(phone, "Menu", "Dialpad3", "Select", "Select", "Dialpad3")
    view = phone.ui.view()
    assert view.name == "TimeFormat"
    assert (view.items, view.selected) == (["24 Hour", "12 Hour"], 0)
    press(phone, "ArrowDown", "Select")
    assert phone.config.get("lcl.datetime.time.24HourClock") == "0"
    assert dict(phone.ui.view().status)["clock"] == "9:00 AM"


def test_a_long_list_scrolls_to_keep_the_selection_on_screen(phone: SimPhone) -> None:
    press(phone, "Menu", "Dialpad3", "Select", "Dialpad2")
    assert name(phone) == "RingType"
    assert phone.layout.screen is not None
    rows = list_rows(phone.layout.screen)
    for _ in range(9):
        press(phone, "ArrowDown")
    view = phone.ui.view()
    assert view.selected == 9
    assert view.scroll == 10 - rows
    items = [w for w in compose(view, phone.layout).walk() if w.tag == "item"]
    assert len(items) == rows
    assert items[-1].attrs["selected"] == "true"
    assert items[-1].attrs["text"] == "Triplet"
    press(phone, "Select")
    assert phone.config.get("np.normal.ringing.calls.tonePattern") == "ringer11"


def test_status_pages_show_the_phones_network_and_model(phone: SimPhone) -> None:
    softkey(phone, "More")
    softkey(phone, "More")
    softkey(phone, "Status")
    assert name(phone) == "Status"
    press(phone, "Select", "Select")
    view = phone.ui.view()
    assert view.name == "TcpIpParameters"
    assert ("row-1", "IP Address: 127.0.0.1") in view.labels
    assert any(phone.mac in text for _, text in view.labels)
    press(phone, "ArrowLeft", "ArrowLeft", "ArrowDown", "Select", "Select")
    assert ("row-1", "Model: VVX 411") in phone.ui.view().labels


def test_features_toggle_switches_do_not_disturb(phone: SimPhone) -> None:
    press(phone, "Menu", "Select")
    assert phone.ui.view().items[0] == "Do Not Disturb: Off"
    press(phone, "Select")
    assert phone.dnd
    assert phone.ui.view().items[0] == "Do Not Disturb: On"
    assert name(phone) == "Features"


def test_forward_softkey_edits_the_forwarding_number(phone: SimPhone) -> None:
    softkey(phone, "Forward")
    assert name(phone) == "ForwardTo"
    for d in "1003":
        press(phone, f"Dialpad{d}")
    softkey(phone, "Save")
    assert phone.config.get("reg.1.fwd.always") == "1003"
    press(phone, "Home")
    assert ("forward", "Forwarding to 1003") in phone.ui.view().labels


def test_text_is_cut_to_the_fields_length(phone: SimPhone) -> None:
    press(phone, "Menu", "Dialpad3", "Select", "Select", "Dialpad2")
    phone.ui.text_input("x" * 40, replace=True)
    assert phone.ui.view().text_field.text == "x" * 16  # type: ignore[union-attr]


def test_text_input_without_a_focused_field_is_refused(phone: SimPhone) -> None:
    for keys in ((), ("Menu",)):
        press(phone, *keys)
        with pytest.raises(PhoneStatus) as info:
            phone.ui.text_input("abc")
        assert info.value.code == "4000"


def test_text_input_types_into_the_dialer(phone: SimPhone) -> None:
    softkey(phone, "New Call")
    phone.ui.text_input("10")
    phone.ui.text_input("1002", replace=False)
    assert phone.ui.view().text_field.text == "101002"  # type: ignore[union-attr]
    phone.ui.text_input("1002", replace=True)
    assert phone.ui.view().text_field.text == "1002"  # type: ignore[union-attr]
