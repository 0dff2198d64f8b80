"""``vvxauto shot``: the phone's screen as PNG of the model's size, annotated on request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_helpers import Result
from PIL import Image

from vvxauto.api import VvxClient
from vvxauto.sim import SimLab
from vvxauto.ui import by_softkey, parse_uixml

Run = Callable[..., Result]
Factory = Callable[..., SimLab]
Writer = Callable[..., Path]

SOFTKEY_BOX = (255, 140, 0)  # the colour vvxauto.screens.annotate draws softkeys in


def test_shot_writes_a_png_of_each_models_screen_size(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run, tmp_path: Path
) -> None:
    lab = sim_lab_factory(phones=2, models=["VVX 411", "VVX 601"])
    inventory = write_inventory(lab)
    for role, size in (("alice", (320, 240)), ("bob", (480, 272))):
        out = tmp_path / "shots" / f"{role}.png"
        result = run("shot", "--lab", inventory, role, out)
        assert result.code == 0, result.err
        with Image.open(out) as image:
            assert image.format == "PNG"
            assert image.size == size
        assert f"{size[0]}x{size[1]}" in result.out


def test_shot_annotate_draws_the_softkey_boxes(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run, tmp_path: Path
) -> None:
    lab = sim_lab_factory(phones=1)
    inventory = write_inventory(lab)
    ep = lab.endpoints[0]
    with VvxClient(ep.host, ep.port, scheme=ep.scheme, password=ep.password) as client:
        key = by_softkey("New Call").resolve(parse_uixml(client.uixml()))
    assert key.rect is not None
    top_edge = (key.rect.x + key.rect.width // 2, key.rect.y)

    assert run("shot", "--lab", inventory, "alice", tmp_path / "plain.png").code == 0
    result = run("shot", "--lab", inventory, "alice", tmp_path / "boxes.png", "--annotate")
    assert result.code == 0, result.err
    assert "annotated" in result.out
    with Image.open(tmp_path / "plain.png") as plain, Image.open(tmp_path / "boxes.png") as boxes:
        assert boxes.size == plain.size
        assert boxes.convert("RGB").getpixel(top_edge) == SOFTKEY_BOX
        assert plain.convert("RGB").getpixel(top_edge) != SOFTKEY_BOX


def test_shot_with_screen_capture_off_names_both_parameters(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run, tmp_path: Path
) -> None:
    lab = sim_lab_factory(phones=1)
    lab.phone("alice").config.set("up.screenCapture.value", "0", source="WEB")
    out = tmp_path / "never.png"
    result = run("shot", "--lab", write_inventory(lab), "alice", out)

    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "screen capture is switched off" in result.err
    assert "up.screenCapture.enabled=1" in result.err
    assert "up.screenCapture.value=1" in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_shot_into_a_folder_is_bad_input(
    sim_lab_factory: Factory, write_inventory: Writer, run: Run, tmp_path: Path
) -> None:
    lab = sim_lab_factory(phones=1)
    result = run("shot", "--lab", write_inventory(lab), "alice", tmp_path)

    assert result.code == 2
    assert "is a folder" in result.err
