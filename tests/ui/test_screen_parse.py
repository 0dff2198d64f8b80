"""Parsing uixml into a Screen: view offsets, nesting, odd spellings, empty and malformed documents."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from vvxauto.ui import Point, Rect, Screen, UixmlParseError, parse_uixml
from vvxauto.ui.geometry import Attributes, parse_offset, parse_rect

Load = Callable[[str], Screen]


def by_label(screen: Screen, label: str) -> list:
    return [w for w in screen.widgets() if w.label == label]


def one(screen: Screen, label: str):
    found = by_label(screen, label)
    assert len(found) == 1, found
    return found[0]


# -- the spec's dialect ----------------------------------------------------------------------------


def test_screen_name_model_size_and_offset_come_from_the_root(load_screen: Load) -> None:
    screen = load_screen("connected_411_page2")
    assert screen.name == "Connected"
    assert screen.model == "VVX 411"
    assert screen.size == (320, 240)
    assert screen.view_offset == Point(320, 0)
    assert screen.softkey_page == 1
    assert screen.softkey_page_count == 3


def test_softkey_rect_has_the_view_offset_subtracted(load_screen: Load) -> None:
    screen = load_screen("connected_411_page2")
    conference = one(screen, "Conference")
    assert conference.reported_rect == Rect(320, 210, 80, 30)
    assert conference.rect == Rect(0, 210, 80, 30)
    assert conference.centre == Point(40, 225)
    assert conference.offset == Point(320, 0)


def test_only_the_current_softkey_page_is_visible(load_screen: Load) -> None:
    screen = load_screen("connected_411_page2")
    assert [k.label for k in screen.softkeys()] == ["Conference", "Park", "Record", "More"]
    assert not one(screen, "Hold").visible
    assert not one(screen, "Mute Video").visible
    assert [k.page for k in screen.softkeys(all_pages=True)] == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]


def test_softkeys_of_all_pages_come_in_strip_order(load_screen: Load) -> None:
    labels = [k.label for k in load_screen("connected_411_page2").softkeys(all_pages=True)]
    assert labels[:5] == ["Hold", "End Call", "Transfer", "More", "Conference"]
    assert labels[-1] == "More"


def test_enabled_false_marks_a_softkey_disabled(load_screen: Load) -> None:
    screen = load_screen("connected_411_page2")
    assert not one(screen, "Park").enabled
    assert one(screen, "Record").enabled


def test_widgets_outside_the_softkey_strip_are_not_shifted(load_screen: Load) -> None:
    screen = load_screen("connected_411_page2")
    title = one(screen, "Connected")
    assert title.type == "label"
    assert title.rect == title.reported_rect == Rect(100, 26, 216, 20)
    assert title.offset == Point(0, 0)


def test_line_keys_are_listed_by_index(load_screen: Load) -> None:
    keys = load_screen("connected_411_page2").line_keys()
    assert [(k.index, k.label, k.state) for k in keys] == [(1, "1001", "active"), (2, "1001", "idle"),
                                                           (3, "Bob", "idle")]


def test_text_lists_visible_text_in_document_order(load_screen: Load) -> None:
    text = load_screen("connected_411_page2").text().splitlines()
    assert text[:2] == ["16:59", "1001"]
    assert "Conference" in text
    assert "Hold" not in text  # on another softkey page


def test_third_page_on_a_480_pixel_screen(load_screen: Load) -> None:
    screen = load_screen("idle_601_page3")
    assert screen.softkey_page == 2
    assert [k.label for k in screen.softkeys()] == ["Lock", "Settings", "More"]
    assert one(screen, "Settings").rect == Rect(96, 242, 96, 30)
    more = next(k for k in screen.softkeys() if k.label == "More")
    assert more.rect == Rect(384, 242, 96, 30)


def test_focused_and_selected(load_screen: Load) -> None:
    screen = load_screen("menu_textfield")
    focused = screen.focused()
    assert focused is not None and focused.id == "contact-name" and focused.text == "Al"
    assert [w.label for w in screen.selected()] == ["Settings Advanced"]
    assert screen.view_offset == Point(0, 0)
    assert screen.softkey_page_count == 1


def test_an_item_outside_its_list_is_not_visible(load_screen: Load) -> None:
    screen = load_screen("menu_textfield")
    scrolled = one(screen, "Scrolled away")
    assert scrolled.rect is not None and screen.bounds is not None
    assert scrolled.rect.intersection(screen.bounds) is not None  # on the glass, but clipped by its list
    assert not scrolled.visible
    assert "Scrolled away" not in screen.text()


def test_tree_links_parents_and_children(load_screen: Load) -> None:
    screen = load_screen("menu_textfield")
    item = one(screen, "Status")
    assert item.parent is not None and item.parent.id == "menu"
    assert [a.type for a in item.ancestors()] == ["list", "content", "screen"]
    assert item in item.parent.children
    assert screen.root.type == "screen" and screen.root.parent is None
    assert item.path == "/screen/content/list/item[3]"


def test_raw_text_is_kept(uixml_text: Callable[[str], str]) -> None:
    text = uixml_text("menu_textfield")
    assert parse_uixml(text).raw == text


# -- nesting -----------------------------------------------------------------------------------------


def test_offset_is_inherited_from_the_nearest_ancestor_carrying_one(load_screen: Load) -> None:
    screen = load_screen("nested_offsets")
    ids = {w.id: w for w in screen.widgets() if w.id}
    assert ids["shifted-up"].rect == Rect(10, 20, 100, 20)
    assert ids["deep"].rect == Rect(10, 50, 100, 20)  # two levels below the carrier
    assert ids["sk-a"].rect == Rect(0, 200, 80, 30)  # the inner carrier (640:0) wins over the outer
    assert ids["sk-c"].rect == Rect(60, 200, 20, 30)  # under a container without geometry
    assert ids["plain"].rect == Rect(10, 10, 100, 20)
    assert ids["own"].rect == Rect(0, 0, 10, 10)  # an element carrying an offset applies it to itself


def test_screen_offset_is_the_one_its_softkeys_are_shown_with(load_screen: Load) -> None:
    screen = load_screen("nested_offsets")
    assert screen.view_offset == Point(640, 0)
    assert [k.id for k in screen.softkeys()] == ["sk-a", "sk-c"]


def test_container_without_geometry_is_visible_through_its_children(load_screen: Load) -> None:
    ids = {w.id: w for w in load_screen("nested_offsets").widgets() if w.id}
    assert ids["inner-deep"].rect is None
    assert ids["inner-deep"].visible


# -- odd spellings -------------------------------------------------------------------------------------


def test_attribute_names_are_matched_without_regard_to_case(load_screen: Load) -> None:
    screen = load_screen("odd_spellings")
    assert screen.name == "Odd" and screen.model == "VVX 501" and screen.size == (320, 240)
    assert screen.view_offset == Point(320, 0)
    hold = one(screen, "Hold")
    assert hold.attributes["label"] == "Hold"
    assert hold.attributes["LABEL"] == "Hold"
    assert "Enabled" in hold.attributes and "enabled" in hold.attributes
    assert list(hold.attributes) == ["Label", "Enabled", "geometry"]  # as the phone spelled them


@pytest.mark.parametrize(
    ("label", "rect"),
    [
        ("Hold", Rect(0, 210, 64, 30)),  # geometry="x,y,w,h" on the strip, offset 320 subtracted
        ("Resume", Rect(64, 210, 64, 30)),  # rect="x y w h"
        ("Away", Rect(-320, 210, 64, 30)),  # bounds="[x1,y1][x2,y2]"
        ("Element text", Rect(10, 30, 100, 20)),  # Left/Top/W/H
        ("By value", Rect(10, 60, 100, 20)),  # pos + size="WxH"
        ("By name", Rect(10, 90, 100, 20)),  # left/top/right/bottom
        ("Floaty", Rect(10, 121, 100, 20)),  # fractions rounded
    ],
)
def test_geometry_spellings(load_screen: Load, label: str, rect: Rect) -> None:
    assert one(load_screen("odd_spellings"), label).rect == rect


def test_softkey_tag_spellings_and_boolean_words(load_screen: Load) -> None:
    screen = load_screen("odd_spellings")
    assert [k.label for k in screen.softkeys(all_pages=True)] == ["Away", "Hold", "Resume"]
    assert one(screen, "Hold").enabled  # "YES"
    assert not one(screen, "Resume").enabled  # "0"
    assert one(screen, "By value").selected  # "1"
    assert one(screen, "By name").focused  # "True"
    assert not one(screen, "Disabled one").enabled  # disabled="yes"
    assert not one(screen, "Hidden one").visible  # Visible="false"


def test_text_falls_back_from_text_to_label_value_name_and_element_text(load_screen: Load) -> None:
    screen = load_screen("odd_spellings")
    for label in ("Element text", "By value", "By name", "Floaty"):
        assert one(screen, label).text == label


def test_an_unreadable_offset_is_ignored(load_screen: Load) -> None:
    other = next(w for w in load_screen("odd_spellings").widgets() if w.type == "Other")
    assert other.rect == Rect(1, 2, 3, 4)


# -- unknown elements, empty screens, missing geometry -----------------------------------------------


def test_unknown_elements_are_kept_as_widgets_of_their_tag(load_screen: Load) -> None:
    screen = load_screen("unknown_elements")
    types = [w.type for w in screen.widgets()]
    assert types == ["screen", "gauge", "ticker", "icon", "banner", "offscreen", "zero", "nogeometry"]
    assert one(screen, "7").type == "gauge"  # value attribute
    assert one(screen, "Namespaced").type == "ticker"  # namespace dropped
    assert one(screen, "Plain text banner").type == "banner"


def test_widgets_off_screen_of_zero_size_or_without_geometry_are_not_visible(load_screen: Load) -> None:
    screen = load_screen("unknown_elements")
    assert not one(screen, "Far away").visible
    assert not one(screen, "Zero size").visible
    missing = one(screen, "No geometry")
    assert missing.rect is None and missing.centre is None and not missing.visible
    assert "No geometry" not in screen.text()


def test_empty_screens(load_screen: Load) -> None:
    bare = load_screen("empty_self_closing")
    assert bare.name == "" and bare.size is None and len(bare) == 1
    assert bare.softkeys() == [] and bare.line_keys() == [] and bare.focused() is None and bare.text() == ""
    named = load_screen("empty_named")
    assert named.name == "Blank" and named.size == (208, 104) and named.root.rect == Rect(0, 0, 208, 104)


def test_size_given_by_the_caller_is_used_when_the_document_has_none() -> None:
    xml = ('<screen><softkeys view-offset="320:0"><softkey label="A" x="0" y="210" width="80" height="30"/>'
           '<softkey label="B" x="320" y="210" width="80" height="30"/></softkeys></screen>')
    screen = parse_uixml(xml, size=(320, 240))
    assert screen.size == (320, 240)
    assert [k.label for k in screen.softkeys()] == ["B"]
    own = xml.replace("<screen>", '<screen width="640" height="240">')
    assert parse_uixml(own, size=(320, 240)).size == (640, 240)


def test_wrapped_screen_element_still_names_the_screen() -> None:
    screen = parse_uixml('<uixml><screen name="Inner" width="100" height="50"><label/></screen></uixml>')
    assert screen.name == "Inner" and screen.size == (100, 50)
    assert screen.root.type == "uixml"


def test_bytes_and_encoding_declarations_are_accepted() -> None:
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<screen name="Caf\u00e9"/>'
    assert parse_uixml(xml).name == "Caf\u00e9"
    assert parse_uixml(xml.encode("utf-8")).name == "Caf\u00e9"
    assert parse_uixml("\ufeff" + xml).name == "Caf\u00e9"


# -- malformed XML and security ---------------------------------------------------------------------------


def test_malformed_xml_raises_a_clear_error_with_position_and_raw_text(
    uixml_text: Callable[[str], str],
) -> None:
    text = uixml_text("malformed")
    with pytest.raises(UixmlParseError) as info:
        parse_uixml(text)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.raw == text
    assert (err.line, err.column) == (5, 13)
    assert "line 5" in str(err) and "</content>" in str(err)


@pytest.mark.parametrize("text", ["", "   \n", "not xml at all", "<screen>", '{"Status": "2000"}'])
def test_empty_or_non_xml_text_raises(text: str) -> None:
    with pytest.raises(UixmlParseError) as info:
        parse_uixml(text)
    assert info.value.raw == text


def test_entities_are_not_expanded_and_nothing_is_fetched(load_screen: Load) -> None:
    screen = load_screen("entities")
    ids = {w.id: w for w in screen.widgets() if w.id}
    assert ids["a"].text == "Tom & Jerry"  # the predefined entities are plain XML
    assert ids["b"].text is None  # a declared entity stays unexpanded
    assert ids["c"].text is None  # and an external one is never loaded
    assert "EXPANDED" not in screen.text()


# -- geometry helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "point"),
    [("320:0", Point(320, 0)), ("640,0", Point(640, 0)), ("960 12", Point(960, 12)), ("480", Point(480, 0)),
     ("bogus", None), ("", None), (None, None)],
)
def test_parse_offset(value: str | None, point: Point | None) -> None:
    assert parse_offset(value) == point


def test_parse_rect_needs_complete_geometry() -> None:
    assert parse_rect(Attributes({"x": "1", "y": "2", "width": "3"})) is None
    assert parse_rect(Attributes({"geometry": "1,2,3"})) is None
    assert parse_rect(Attributes({"X": "1", "Y": "2", "Width": "3", "Height": "4"})) == Rect(1, 2, 3, 4)


def test_attributes_lookup_ignores_case_and_separators() -> None:
    attrs = Attributes({"View-Offset": "320:0", "Label": "x"})
    assert attrs["viewoffset"] == attrs["VIEW_OFFSET"] == attrs["view-offset"] == "320:0"
    assert attrs.get("missing") is None
    with pytest.raises(KeyError):
        attrs["missing"]
