"""``vvxauto inspect``: the screen summary and widget tree of /uixml; --save and --xml give the raw XML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_helpers import Result

from vvxauto.sim import SimLab
from vvxauto.ui import parse_uixml

Run = Callable[..., Result]
Factory = Callable[..., SimLab]
Writer = Callable[..., Path]


def _softkey_lines(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.strip().startswith("softkey ")]


def test_inspect_prints_the_home_screen_and_its_softkeys(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1)
    result = run("inspect", "--lab", write_inventory(lab), "alice")

    assert result.code == 0, result.err
    assert "screen 'Home'" in result.out
    keys = _softkey_lines(result.out)
    assert keys, result.out
    first = next(line for line in keys if "'New Call'" in line)
    assert "page 1" in first
    assert "(0,210 80x30)" in first  # the on-screen rectangle
    assert "[visible enabled]" in first
    later = [line for line in keys if "page 2" in line]
    assert later and all("[hidden enabled]" in line for line in later)
    tree = result.out.splitlines()
    strip = next(line for line in tree if line.lstrip().startswith("softkeys "))
    depth = len(strip) - len(strip.lstrip())
    nested = [line for line in tree if line.lstrip().startswith("softkey ")]
    assert all(len(line) - len(line.lstrip()) > depth for line in nested)  # indented under <softkeys>


def test_inspect_save_writes_xml_that_parses_to_the_same_screen(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run, tmp_path: Path
) -> None:
    lab = sim_lab_factory(phones=1)
    target = tmp_path / "fixtures" / "home.xml"
    result = run("inspect", "--lab", write_inventory(lab), "alice", "--save", target)

    assert result.code == 0, result.err
    assert f"to {target}" in result.out
    screen = parse_uixml(target.read_text(encoding="utf-8"))
    assert screen.name == "Home"
    labels = [key.label for key in screen.softkeys(all_pages=True)]
    assert "New Call" in labels
    assert len(labels) == len(_softkey_lines(result.out))


def test_inspect_xml_prints_only_the_raw_xml(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1, models=["VVX 601"])
    result = run("inspect", "--lab", write_inventory(lab), "alice", "--xml")

    assert result.code == 0, result.err
    screen = parse_uixml(result.out)
    assert screen.model == "VVX 601"
    assert screen.size == (480, 272)


def test_inspect_of_a_phone_with_rest_off_is_one_line_and_exit_1(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=1)
    lab.phone("alice").config.set("apps.restapi.enabled", "0", source="WEB")
    result = run("inspect", "--lab", write_inventory(lab), "alice")

    assert result.code == 1
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "apps.restapi.enabled=1" in result.err


def test_inspect_of_an_unknown_role_is_bad_input(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run
) -> None:
    lab = sim_lab_factory(phones=2)
    result = run("inspect", "--lab", write_inventory(lab), "carol")

    assert result.code == 2
    assert "no phone with role 'carol'" in result.err
    assert "roles: alice, bob" in result.err
