"""Small pieces of the plugin without a pytest run: requirements, the home screen, file names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from vvxauto.artifacts import node_dir
from vvxauto.layouts import load_layout
from vvxauto.roster import (
    LabHandle,
    LabSettings,
    Requirements,
    go_home,
    model_key,
    put_back,
    roles_named,
    sim_role_names,
)
from vvxauto.ui import parse_uixml


@dataclass
class Mark:
    name: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def test_markers_and_tags_give_the_same_requirements() -> None:
    by_marker = Requirements.from_markers([Mark("vvx_phones", (3,)), Mark("vvx_model", ("VVX 501",)),
                                           Mark("vvx_touch"), Mark("vvx_line_keys", (6,))])
    by_tag = Requirements.from_markers([Mark("phones_3"), Mark("model_vvx501"), Mark("touch"),
                                        Mark("line_keys_6"), Mark("smoke")])
    assert (by_marker.count, by_marker.touch, by_marker.min_line_keys) == (3, True, 6)
    assert (by_tag.count, by_tag.touch, by_tag.min_line_keys) == (3, True, 6)
    for req in (by_marker, by_tag):
        assert req.matches(load_layout("VVX 501"))
        assert not req.matches(load_layout("VVX 601"))
    assert by_marker.describe() == "3 phones, model VVX 501, touch screen, >= 6 line keys"


def test_requirements_check_each_capability() -> None:
    grey, colour_touch = load_layout("VVX 301"), load_layout("VVX 601")
    assert Requirements(colour=False).matches(grey) and not Requirements(colour=True).matches(grey)
    assert Requirements(touch=False).matches(grey) and not Requirements(touch=False).matches(colour_touch)
    assert Requirements(min_line_keys=16).matches(colour_touch)
    assert not Requirements(min_line_keys=7).matches(grey)
    assert Requirements(models=("vvx-601",)).matches(colour_touch)
    assert model_key("VVX 601") == model_key("vvx601") == "vvx601"


@pytest.mark.parametrize("marks", [
    [Mark("touch"), Mark("non_touch")],
    [Mark("vvx_phones", (0,))],
    [Mark("vvx_line_keys", ("six",))],
])
def test_bad_requirements_are_refused(marks: list[Mark]) -> None:
    with pytest.raises(ValueError):
        Requirements.from_markers(marks)


class FakePhone:
    """Just enough of a Phone for the home-screen logic: screens come from a list of XML texts."""

    def __init__(self, screens: list[str], model: str = "VVX 411") -> None:
        self.layout = load_layout(model)
        self.screens = screens
        self.pressed: list[str] = []

    def screen(self) -> Any:
        text = self.screens[min(len(self.pressed), len(self.screens) - 1)]
        return parse_uixml(text)

    def press(self, key: str) -> None:
        self.pressed.append(key)

    def wait_for(self, predicate: Any, timeout: float | None = None, *, message: str | None = None) -> Any:
        for _ in range(5):
            if value := predicate():
                return value
        raise AssertionError(f"timed out waiting for {message}")


HOME = '<screen name="Home"><content/></screen>'
MENU = '<screen name="Features"><content><list id="menu"/></content></screen>'
POPUP = '<screen name="Home"><content><popup text="Call Ended"/></content></screen>'


def test_go_home_presses_home_until_the_home_screen_shows() -> None:
    phone = FakePhone([MENU, POPUP, HOME])
    go_home(phone)  # type: ignore[arg-type]
    assert phone.pressed == ["Home", "Home"]


def test_go_home_accepts_a_screen_without_a_name_and_unreadable_uixml() -> None:
    unnamed = FakePhone(['<screen><content/></screen>'])
    go_home(unnamed)  # type: ignore[arg-type]
    assert unnamed.pressed == []

    class Unreadable(FakePhone):
        def screen(self) -> Any:
            return parse_uixml("<screen><unclosed>")

    odd = Unreadable([])
    go_home(odd)  # type: ignore[arg-type]
    assert odd.pressed == ["Home"]


def test_put_back_reports_instead_of_raising() -> None:
    class Broken(FakePhone):
        def reset_to_idle(self, timeout: float | None = None) -> None:
            raise ConnectionError("phone gone")

        def restore_config(self, timeout: float | None = None,
                           reset_web: bool | None = None) -> dict[str, Any]:
            return {}

    problems = put_back(Broken([HOME]))  # type: ignore[arg-type]
    assert problems == ["end calls and hang up: ConnectionError: phone gone"]


def test_node_dir_makes_node_ids_file_names(tmp_path: Path) -> None:
    assert node_dir(tmp_path, "tests/a.py::test_b[VVX 411]") == tmp_path / "tests_a.py__test_b[VVX_411]"
    long = node_dir(tmp_path, "t.py::" + "x" * 300)
    assert len(long.name) <= 150 and long != node_dir(tmp_path, "t.py::" + "x" * 299)


def test_roles_named_counts_role_words_in_steps() -> None:
    steps = ["Given alice is idle", "When Alice dials bob's extension", "Then bob is ringing",
             "And 1003 is idle"]
    assert roles_named(steps, ["alice", "bob", "carol"]) == 2
    assert roles_named(["Given the phone is idle"], ["alice"]) == 0


def test_a_quarantine_is_seen_by_every_worker_of_the_same_run_only(tmp_path: Path) -> None:
    inventory = tmp_path / "lab.toml"
    inventory.write_text('[phones.alice]\nhost = "127.0.0.1"\npassword = "x"\nmodel = "VVX 411"\n')
    worker = [LabHandle(LabSettings(inventory=inventory, lab_dir=tmp_path / "leases", run_id=run))
              for run in ("run1", "run1", "run2")]
    with pytest.warns(Warning, match="broken"):
        worker[0].quarantine("alice", "alice is broken")
    assert worker[1].quarantine_reason("alice") == "alice is broken"
    assert worker[2].quarantine_reason("alice") is None


def test_the_simulators_role_names_are_known_without_starting_it() -> None:
    from vvxauto.sim.lab import role_names

    assert sim_role_names(8) == role_names(8)
