"""Fixtures (vvx_lab, phones, phone, vvx_phone_factory), requirement markers, skipping, models."""

from __future__ import annotations

pytest_plugins = ("pytester",)

MIXED_LAB = "--vvx-sim-models=VVX 301,VVX 411,VVX 601"


def test_roles_bind_lazily_and_prefer_the_lab_phone_of_the_same_name(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        def test_roster(phones):
            assert "bob" not in phones and len(phones) == 0
            bob = phones["bob"]
            assert bob.role == "bob" and "bob" in phones and list(phones) == ["bob"]
            assert phones["bob"] is bob
            assert phones.extension_of("alice") == "1001"
            assert phones.role_of("1002") == "bob"
            assert set(phones.leased) == {"alice", "bob"}
            # a scenario's own names get any free phone
            assert phones["zoe"].role == "carol"

        def test_phone_is_alice_of_the_roster(phone, phones):
            assert phones["alice"] is phone

        def test_lab_fixture(vvx_lab):
            assert vvx_lab.is_simulated and vvx_lab.roles == ["alice", "bob", "carol"]
        """
    )
    vvx_project.run("--vvx-sim-models=VVX 411,VVX 411,VVX 411").assert_outcomes(passed=3)


def test_requirements_choose_a_phone_that_fits(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        import pytest

        @pytest.mark.vvx_touch
        def test_touch(phone):
            assert phone.layout.model == "VVX 601"

        @pytest.mark.vvx_touch(False)
        @pytest.mark.vvx_line_keys(12)
        def test_not_touch_many_keys(phone):
            assert phone.layout.model == "VVX 411"

        @pytest.mark.vvx_colour(False)
        def test_grey(phones):
            assert phones["bob"].layout.model == "VVX 301"

        @pytest.mark.vvx_model("VVX 411", "VVX 601")
        def test_any_of_models(phones):
            assert {phones["x"].layout.model, phones["y"].layout.model} == {"VVX 411", "VVX 601"}

        def test_factory(vvx_phone_factory, phones):
            touch = vvx_phone_factory(touch=True)
            grey = vvx_phone_factory("g", model="VVX 301")
            assert touch.layout.model == "VVX 601" and grey.layout.model == "VVX 301"
            assert set(phones.leased) == {"phone1", "g"}
        """
    )
    vvx_project.run(MIXED_LAB).assert_outcomes(passed=5)


def test_tests_the_lab_cannot_serve_are_skipped_with_the_reason(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        import pytest

        @pytest.mark.vvx_phones(4)
        def test_four(phones):
            raise AssertionError("never runs")

        @pytest.mark.vvx_model("VVX 501")
        def test_model(phone):
            raise AssertionError("never runs")

        @pytest.mark.vvx_touch
        def test_two_touch(phones):
            phones["alice"]
            phones["bob"]
            raise AssertionError("never reached")

        def test_factory(vvx_phone_factory):
            vvx_phone_factory(model="VVX 150")
            raise AssertionError("never reached")

        @pytest.mark.vvx_touch
        @pytest.mark.vvx_touch(False)
        def test_contradiction(phone):
            pass
        """
    )
    result = vvx_project.run(MIXED_LAB, "-rs")
    lab = "the lab has alice (VVX 301), bob (VVX 411), carol (VVX 601)"
    result.stdout.fnmatch_lines_random([
        f"SKIPPED [[]1[]] *: vvx: the lab cannot serve this test: needs 4 phones (any phone); {lab}",
        f"SKIPPED [[]1[]] *: vvx: the lab cannot serve this test: needs model VVX 501; {lab}",
        "SKIPPED [[]1[]] *: vvx: the lab cannot serve this test: no free phone for role 'bob' "
        f"(touch screen); already leased by this test: carol; {lab}",
        "SKIPPED [[]1[]] *: vvx: * no free phone for role 'phone1' (any phone; model VVX 150)*",
    ])
    result.stdout.fnmatch_lines(["*contradicting requirements: the test asks for touch and for not touch*"])
    result.assert_outcomes(skipped=4, errors=1)


def test_vvx_models_runs_once_per_model_with_the_model_in_the_id(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        import pytest

        @pytest.mark.vvx_models("VVX 411", "VVX 601")
        def test_on(phone, vvx_model):
            assert phone.layout.model == vvx_model

        @pytest.mark.vvx_models()
        def test_every_lab_model(vvx_model):
            assert vvx_model in ("VVX 301", "VVX 411", "VVX 601")

        @pytest.mark.vvx_models("VVX 501")
        def test_missing(phone):
            pass
        """
    )
    result = vvx_project.run(MIXED_LAB, "-v", "-rs")
    result.stdout.fnmatch_lines_random([
        "*::test_on[[]VVX 411[]] PASSED*", "*::test_on[[]VVX 601[]] PASSED*",
        "*::test_every_lab_model[[]VVX 301[]] PASSED*", "*::test_every_lab_model[[]VVX 601[]] PASSED*",
        "*::test_missing[[]VVX 501[]] SKIPPED*", "*needs any phone, the first a VVX 501*",
    ])
    result.assert_outcomes(passed=5, skipped=1)


def test_gherkin_tags_are_requirements_and_markers(vvx_project) -> None:
    vvx_project.pytester.makefile(
        ".feature",
        reqs="""
        Feature: Requirements by tag

          @touch @smoke
          Scenario: on a touch phone
            Given the phone of alice

          @phones_4
          Scenario: more phones than the lab has
            Given the phone of alice

          @model_vvx301 @line_keys_6
          Scenario: on a grey phone
            Given the phone of alice
        """,
    )
    vvx_project.pytester.makepyfile(
        """
        from pytest_bdd import given, scenarios

        scenarios("reqs.feature")

        @given("the phone of alice")
        def alice(phones, request):
            model = phones["alice"].layout.model
            assert model == ("VVX 601" if "touch" in request.node.name else "VVX 301")
        """
    )
    vvx_project.run(MIXED_LAB).assert_outcomes(passed=2, skipped=1)
    smoke = vvx_project.run(MIXED_LAB, "-m", "smoke")
    smoke.assert_outcomes(passed=1, deselected=2)


def test_xdist_workers_each_get_their_own_simulated_lab(vvx_project) -> None:
    vvx_project.pytester.makepyfile(
        """
        import os
        import pytest

        @pytest.mark.parametrize("n", range(4))
        def test_call(phones, n):
            alice, bob = phones["alice"], phones["bob"]
            alice.dial(phones.extension_of("bob"))
            bob.wait_for(bob.ringing_call)
            bob.answer()
        """
    )
    result = vvx_project.run_subprocess("-n", "2")
    result.stdout.fnmatch_lines(["vvxauto: simulated lab (http, started on first use, one per xdist worker)*"
                                 ])
    result.assert_outcomes(passed=4)
