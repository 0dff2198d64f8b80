"""Options, ini keys, the report header and markers of the vvxauto pytest plugin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from vvxauto.sim import SimLab
from vvxauto.wait import get_default_timeout

pytest_plugins = ("pytester",)

FLAGS = ("lab", "timeout", "sim-models", "sim-latency-ms", "sim-scheme", "artifacts", "lease-timeout",
         "lab-dir")


def test_help_shows_each_flag_and_ini_key_once_with_the_same_text(vvx_project) -> None:
    result = vvx_project.run("--help")
    text = result.stdout.str()
    for flag in FLAGS:
        assert text.count(f"--vvx-{flag}=") == 1, flag
        assert text.count(f"  vvx_{flag.replace('-', '_')} (string)") == 1, flag
    result.stdout.fnmatch_lines(["*--vvx-lab=PATH*lab inventory TOML*",
                                 "*vvx_lab (string):*lab inventory TOML*"])


def test_header_of_a_simulated_lab_lists_models_and_firmware_and_starts_nothing(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        from vvxauto.pytest_plugin import lab_handle

        def test_nothing_started(request):
            handle = lab_handle(request.config)
            assert handle.is_simulated and not handle.started
        """
    )
    result = vvx_project.run("--vvx-sim-models=VVX 411, VVX 601")
    result.stdout.fnmatch_lines([
        "vvxauto: simulated lab (http, started on first use, one per xdist worker), "
        "firmware 6.1.0 (simulated)",
        "vvxauto: 2 phones: alice VVX 411 ext 1001, bob VVX 601 ext 1002",
    ])
    result.assert_outcomes(passed=1)


def test_header_of_an_inventory_lab_lists_its_phones_without_contacting_them(vvx_project,
                                                                             tmp_path: Path) -> None:
    inventory = tmp_path / "lab.toml"
    inventory.write_text(  # port 9 (discard) answers nothing: a header that asked would fail or hang
        '[phones.desk1]\nhost = "127.0.0.1"\nport = 9\nscheme = "http"\npassword = "x"\nmodel = "VVX 501"\n'
        'extension = "2001"\n\n[phones.desk2]\nhost = "127.0.0.1"\nport = 9\npassword = "x"\n'
        'model = "VVX 601"\n'
    )
    vvx_project.pytester.makepyfile("def test_ok():\n    pass\n")
    result = vvx_project.run(f"--vvx-lab={inventory}", "--vvx-lab-dir=")
    result.stdout.fnmatch_lines([
        f"vvxauto: lab inventory {inventory} (firmware: not asked before the tests)",
        "vvxauto: leases under */vvxauto-*/lab-*, a test waits up to 120 s for a phone",
        "vvxauto: 2 phones: desk1 VVX 501 ext 2001, desk2 VVX 601",
    ])
    result.assert_outcomes(passed=1)


def test_ini_keys_are_read_and_the_flag_wins(vvx_project) -> None:
    vvx_project.pytester.makeini("[pytest]\nvvx_sim_models = VVX 501\nvvx_sim_scheme = https\n")
    vvx_project.pytester.makepyfile("def test_ok():\n    pass\n")
    from_ini = vvx_project.run("--vvx-sim-scheme=http", small_lab=False)
    from_ini.stdout.fnmatch_lines(["vvxauto: simulated lab (http,*",
                                   "vvxauto: 1 phone: alice VVX 501 ext 1001"])
    flag = vvx_project.run("--vvx-sim-models=VVX 601", small_lab=False)
    flag.stdout.fnmatch_lines(["vvxauto: simulated lab (https,*",
                               "vvxauto: 1 phone: alice VVX 601 ext 1001"])


def test_inventory_from_ini_is_relative_to_the_ini_file_and_env_var_wins(
        vvx_project, inventory_lab: Callable[..., tuple[SimLab, Path]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, path = inventory_lab(phones=1, models=["VVX 411"])
    (vvx_project.path / "lab.toml").write_text(path.read_text())
    vvx_project.pytester.makeini("[pytest]\nvvx_lab = lab.toml\n")
    vvx_project.pytester.makepyfile("def test_ok():\n    pass\n")
    vvx_project.run().stdout.fnmatch_lines([f"vvxauto: lab inventory {vvx_project.path / 'lab.toml'} *"])
    monkeypatch.setenv("VVX_LAB", str(path))
    vvx_project.run().stdout.fnmatch_lines([f"vvxauto: lab inventory {path} *"])


def test_simulated_lab_options_reach_the_lab(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        def test_lab(vvx_lab, phone):
            assert vvx_lab.sim.latency_ms == 5.0
            assert [spec.scheme for spec in vvx_lab.specs.values()] == ["https"]
            assert phone.is_idle() and phone.layout.model == "VVX 250"
        """
    )
    result = vvx_project.run("--vvx-sim-models=VVX 250", "--vvx-sim-latency-ms=5", "--vvx-sim-scheme=https")
    result.assert_outcomes(passed=1)


def test_vvx_timeout_sets_the_default_timeout_for_the_run_only(vvx_project) -> None:
    before = get_default_timeout()
    vvx_project.pytester.makepyfile(
        """
        from vvxauto.wait import get_default_timeout

        def test_timeout():
            assert get_default_timeout() == 3.5
        """
    )
    vvx_project.run("--vvx-timeout=3.5").assert_outcomes(passed=1)
    assert get_default_timeout() == before


@pytest.mark.parametrize(("arg", "message"), [
    ("--vvx-sim-scheme=ftp", "vvx_sim_scheme: must be http or https*"),
    ("--vvx-timeout=0", "vvx_timeout: must be > 0*"),
    ("--vvx-lease-timeout=soon", "vvx_lease_timeout: expected a number*"),
    ("--vvx-sim-models=VVX 999", "vvx_sim_models: *VVX 999*"),
])
def test_bad_values_are_usage_errors(vvx_project, arg: str, message: str) -> None:
    result = vvx_project.run(arg)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{message}"])


def test_markers_are_registered_for_strict_markers(vvx_project) -> None:
    result = vvx_project.run("--markers")
    result.stdout.fnmatch_lines([
        "@pytest.mark.vvx_phones(n):*", "@pytest.mark.vvx_model(*models):*",
        "@pytest.mark.vvx_models(*models):*",
        "@pytest.mark.vvx_touch(on=True):*", "@pytest.mark.vvx_colour(on=True):*",
        "@pytest.mark.vvx_line_keys(n):*", "@pytest.mark.touch:*", "@pytest.mark.non_touch:*",
        "@pytest.mark.colour:*",
    ])


def _tagged_scenario(project, tags: str) -> None:
    feature = f"Feature: Tags\n\n  {tags}\n  Scenario: tagged\n    Given nothing\n"
    project.pytester.makefile(".feature", tags=feature)
    project.pytester.makepyfile(
        """
        from pytest_bdd import given, scenarios

        scenarios("tags.feature")

        @given("nothing")
        def nothing():
            pass
        """
    )


def test_requirement_tags_with_numbers_pass_strict_markers(vvx_project) -> None:
    _tagged_scenario(vvx_project, "@phones_2 @line_keys_1 @model_vvx411 @non_touch")
    vvx_project.run("--strict-markers").assert_outcomes(passed=1)


def test_other_tags_stay_subject_to_strict_markers(vvx_project) -> None:
    _tagged_scenario(vvx_project, "@phones_2 @touch_free_text")
    result = vvx_project.run("--strict-markers")
    result.stdout.fnmatch_lines(["*'touch_free_text' not found in `markers` configuration option*"])
