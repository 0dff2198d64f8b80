"""Locators: matching rules, strictness, chaining and re-resolution against a changed screen."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from vvxauto.ui import (
    AmbiguousWidgetError,
    Rect,
    Screen,
    WidgetNotFoundError,
    by_attribute,
    by_id,
    by_line_key,
    by_regex,
    by_softkey,
    by_substring,
    by_text,
    by_type,
    by_xpath,
    parse_uixml,
)

Load = Callable[[str], Screen]


@pytest.fixture
def connected(load_screen: Load) -> Screen:
    return load_screen("connected_411_page2")


@pytest.fixture
def menu(load_screen: Load) -> Screen:
    return load_screen("menu_textfield")


def test_exact_text_matches_whole_text_only(menu: Screen) -> None:
    assert by_text("Settings").resolve(menu).rect == Rect(100, 50, 216, 20)
    assert by_text("settings").count(menu) == 0  # exact is case-sensitive


def test_exact_text_collapses_white_space() -> None:
    screen = parse_uixml('<screen><label text="  End\n   Call "/></screen>')
    assert by_text("End Call").count(screen) == 1


def test_substring_ignores_case(menu: Screen) -> None:
    assert [w.label for w in by_substring("SETTINGS").all(menu)] == ["Settings", "Settings Advanced"]
    assert by_text("advanced", exact=False).resolve(menu).label == "Settings Advanced"


def test_regex_searches_the_text(menu: Screen, connected: Screen) -> None:
    assert by_regex(r"^Sta").resolve(menu).label == "Status"
    assert by_text(re.compile(r"\d\d:\d\d")).count(connected) == 2  # clock and timer
    assert by_regex("status", re.IGNORECASE).count(menu) == 1


def test_by_type_and_by_id(menu: Screen) -> None:
    assert by_type("ITEM").count(menu) == 4
    assert by_type("item").filter(visible=True).count(menu) == 3
    assert by_type("textfield").resolve(menu).id == "contact-name"
    assert by_id("menu").resolve(menu).type == "list"


def test_by_attribute(connected: Screen) -> None:
    assert by_attribute("state", "active").resolve(connected).label == "1001"
    assert by_attribute("STATE").count(connected) == 3


def test_by_softkey_ignores_case_and_finds_every_page(connected: Screen) -> None:
    assert by_softkey("end call").resolve(connected).page == 0
    assert by_softkey("Callers").resolve(connected).page == 2
    assert by_softkey("More").count(connected) == 3
    assert by_softkey("More").filter(visible=True).resolve(connected).rect == Rect(240, 210, 80, 30)


def test_by_softkey_does_not_match_other_widgets_with_that_text(connected: Screen) -> None:
    # "Connected" is a label; a softkey query must not see it
    assert by_softkey("Connected").count(connected) == 0
    assert by_text("Connected").count(connected) == 1


def test_by_line_key_by_number_and_by_label(connected: Screen) -> None:
    assert by_line_key(3).resolve(connected).label == "Bob"
    assert by_line_key("bob").resolve(connected).index == 3
    assert by_line_key(2).resolve(connected).state == "idle"
    assert by_line_key(13).count(connected) == 0


def test_by_line_key_number_falls_back_to_position() -> None:
    screen = parse_uixml('<screen><linekeys><linekey label="A"/><linekey label="B"/></linekeys></screen>')
    assert by_line_key(2).resolve(screen).label == "B"


def test_xpath_escape_hatch(connected: Screen) -> None:
    assert by_xpath("//softkey[@enabled='false']").resolve(connected).label == "Park"
    assert by_xpath("//linekey").count(connected) == 3


def test_xpath_inside_a_container_is_relative(menu: Screen) -> None:
    assert by_xpath("./item[2]").within(by_id("menu")).resolve(menu).label == "Settings Advanced"


def test_xpath_must_select_elements(menu: Screen) -> None:
    with pytest.raises(ValueError, match="must select elements"):
        by_xpath("count(//item)").all(menu)
    with pytest.raises(ValueError, match="must select elements"):
        by_xpath("//item/@text").all(menu)


def test_invalid_xpath_fails_when_built() -> None:
    with pytest.raises(ValueError, match=r"invalid XPath '//item\['"):
        by_xpath("//item[")


# -- strictness -------------------------------------------------------------------------------------


def test_two_matches_raise_listing_both(menu: Screen) -> None:
    with pytest.raises(AmbiguousWidgetError) as info:
        by_substring("settings").resolve(menu)
    err = info.value
    assert isinstance(err, LookupError)
    assert [w.label for w in err.matches] == ["Settings", "Settings Advanced"]
    message = str(err)
    assert "matches 2 widgets" in message
    assert "'Settings'" in message and "'Settings Advanced'" in message
    assert "/screen/content/list/item[1]" in message and "/screen/content/list/item[2]" in message


def test_no_match_raises_saying_what_the_screen_shows(menu: Screen) -> None:
    with pytest.raises(WidgetNotFoundError) as info:
        by_text("Contacts").resolve(menu)
    message = str(info.value)
    assert "by_text('Contacts')" in message
    assert "'Contact Name'" in message  # what was on screen instead
    assert "Save" in message  # the softkeys
    assert isinstance(info.value, LookupError)


# -- chaining ---------------------------------------------------------------------------------------------


def test_nth_first_last(connected: Screen) -> None:
    more = by_softkey("More")
    assert more.nth(0).resolve(connected).page == 0
    assert more.first().resolve(connected).page == 0
    assert more.nth(2).resolve(connected).page == 2
    assert more.last().resolve(connected).page == 2
    assert more.nth(-2).resolve(connected).page == 1
    assert more.nth(3).count(connected) == 0


def test_filter_conditions(connected: Screen, menu: Screen) -> None:
    assert by_type("softkey").filter(visible=True, enabled=False).resolve(connected).label == "Park"
    assert by_type("item").filter(selected=True).resolve(menu).label == "Settings Advanced"
    assert by_type("item").filter(has_text="stat").resolve(menu).label == "Status"
    assert by_type("item").filter(text="Settings").resolve(menu).label == "Settings"
    assert by_type("softkey").filter(lambda w: w.label.startswith("Mu")).resolve(connected).page == 2
    assert by_type("list").filter(has=by_text("Status")).resolve(menu).id == "menu"
    assert by_type("content").filter(has_not=by_text("Status")).count(menu) == 0


def test_filter_without_a_condition_is_refused() -> None:
    with pytest.raises(ValueError):
        by_type("item").filter()


def test_within_searches_inside_the_container_only(connected: Screen) -> None:
    inside = by_text("Connected").within(by_type("content"))
    assert inside.resolve(connected).id == "title"
    assert by_text("16:59").within(by_type("content")).count(connected) == 0
    assert by_type("statusbar").locator(by_type("label")).resolve(connected).id == "clock"


def test_locators_are_immutable_and_printable() -> None:
    base = by_type("item")
    narrowed = base.filter(selected=True).nth(0)
    assert base.steps != narrowed.steps and len(base.steps) == 1
    assert str(narrowed) == "by_type('item').filter(selected=True).nth(0)"
    assert str(by_text("x").within(by_id("menu"))) == "by_id('menu').locator(by_text('x'))"
    with pytest.raises(AttributeError):
        base.steps = ()  # type: ignore[misc]


def test_resolution_sees_a_changed_screen(uixml_text: Callable[[str], str]) -> None:
    query = by_softkey("Conference").filter(visible=True)
    page2 = parse_uixml(uixml_text("connected_411_page2"))
    page1 = parse_uixml(uixml_text("connected_411_page2").replace('view-offset="320:0"', 'view-offset="0:0"'))
    assert query.resolve(page2).rect == Rect(0, 210, 80, 30)
    assert query.count(page1) == 0  # the same locator, resolved again, sees the other page
    assert by_softkey("Hold").filter(visible=True).resolve(page1).rect == Rect(0, 210, 80, 30)
