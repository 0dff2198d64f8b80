"""The uixml document the simulator emits (the dialect of docs/uixml.md)."""

from __future__ import annotations

import pytest
from lxml import etree
from sim_helpers import MakePhone

from vvxauto.sim.device import SimPhone

GEOMETRY = ("x", "y", "width", "height")


def parse(phone: SimPhone) -> etree._Element:
    return etree.fromstring(phone.ui.uixml().encode())


@pytest.mark.parametrize("model", ["VVX 101", "VVX 311", "VVX 411", "VVX 501", "VVX 601"])
def test_every_widget_has_geometry_inside_the_screen(make_phone: MakePhone, model: str) -> None:
    phone = make_phone(model)
    for keys in ((), ("Menu",), ("ArrowLeft", "SoftKey1")):
        for k in keys:
            phone.ui.press_key(k)
        root = parse(phone)
        width, height = int(root.get("width", "")), int(root.get("height", ""))
        assert root.get("model") == model
        assert [child.tag for child in root] == ["statusbar", "linekeys", "content", "softkeys"]
        for el in root.iter():
            if el.tag == "screen":
                continue
            x, y, w, h = (int(el.get(a, "")) for a in GEOMETRY)
            assert w >= 0 and h >= 0, el.tag
            assert y >= 0 and y + h <= height, etree.tostring(el)
            if el.tag not in ("softkeys", "softkey"):
                assert x >= 0 and x + w <= width, etree.tostring(el)


def test_home_screen_document(make_phone: MakePhone) -> None:
    root = parse(make_phone("VVX 411"))
    assert root.get("name") == "Home"
    assert (root.get("width"), root.get("height"), root.get("touch")) == ("320", "240", "false")
    (clock,) = root.iterfind("statusbar/label[@id='clock']")
    assert clock.get("text") == "09:00"
    (line,) = root.iterfind("linekeys/linekey")
    assert {k: line.get(k) for k in ("index", "label", "state", "x", "y", "width", "height")} == {
        "index": "1",
        "label": "1001",
        "state": "idle",
        "x": "0",
        "y": "22",
        "width": "96",
        "height": "31",
    }
    (title,) = root.iterfind("content/label[@id='title']")
    assert title.get("text") == "P1001"
    strip = root.find("softkeys")
    assert strip is not None
    assert (strip.get("view-offset"), strip.get("y"), strip.get("height")) == ("0:0", "210", "30")
    first = strip[0]
    assert {k: first.get(k) for k in ("index", "page", "label", "enabled")} == {
        "index": "1",
        "page": "0",
        "label": "New Call",
        "enabled": "true",
    }


def test_list_lists_the_items_on_screen_with_first_and_total(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 101")
    phone.ui.press_key("Menu")
    for _ in range(2):
        phone.ui.press_key("ArrowDown")
    (lst,) = parse(phone).iterfind("content/list")
    assert (lst.get("id"), lst.get("first"), lst.get("total")) == ("menu", "1", "3")
    items = [(i.get("index"), i.get("text"), i.get("selected")) for i in lst]
    assert items == [("2", "Status", "false"), ("3", "Settings", "true")]


def test_textfield_and_popup_elements(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    phone.ui.press_key("SoftKey1")
    phone.ui.text_input("10")
    (field,) = parse(phone).iterfind("content/textfield")
    assert (field.get("id"), field.get("text"), field.get("focused")) == ("dial-number", "10", "true")
    dial = parse(phone).find("softkeys/softkey[@label='Dial']")
    assert dial is not None and dial.get("enabled") == "true"
    phone.ui.press_key("Applications")
    (popup,) = parse(phone).iterfind("content/popup")
    assert popup.get("text") == "No Applications"


def test_small_screens_put_the_line_keys_in_the_status_bar(make_phone: MakePhone) -> None:
    root = parse(make_phone("VVX 201"))
    lines = root.findall("linekeys/linekey")
    assert [k.get("index") for k in lines] == ["1"]
    assert all(k.get("y") == "0" and k.get("height") == "12" for k in lines)


def test_the_xml_escapes_text(make_phone: MakePhone) -> None:
    phone = make_phone("VVX 411")
    phone.config.set("reg.1.displayName", 'A<&>"B')
    root = parse(phone)
    (title,) = root.iterfind("content/label[@id='title']")
    assert title.get("text") == 'A<&>"B'
