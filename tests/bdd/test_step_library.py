"""The step library used the way QA teams use it: a fresh project, one conftest line, a feature file."""

from __future__ import annotations

import pytest

from .conftest import QaProject

pytest_plugins = ("pytester",)

CALL = """\
Feature: Calls
  Scenario: Alice calls Bob by role
    Given alice and bob are idle
    When alice dials bob
    Then bob is ringing
    And the Line 1 LED of bob is flashing green
    When bob answers
    Then the call is Connected

  Scenario: Alice calls the phone with extension 1002
    When alice dials 1002
    Then 1002 is ringing
    When 1002 answers
    Then alice is in a call with 1002
"""


def test_fresh_project_with_one_conftest_line_runs_scenarios(qa_project: QaProject) -> None:
    qa_project.feature(CALL)
    result = qa_project.run("-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_alice_calls_bob_by_role PASSED*",
                                 "*test_alice_calls_the_phone_with_extension_1002 PASSED*"])


def test_a_wrong_expectation_fails_the_scenario(qa_project: QaProject) -> None:
    qa_project.feature("""\
Feature: LEDs
  Scenario: The ringing line key is not off
    Given alice is calling bob
    Then the Line 1 LED of bob is off
""")
    result = qa_project.run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*expect(bob).to_have_led('Line1', 'off')*"])


def test_scenario_outline_runs_once_per_example(qa_project: QaProject) -> None:
    qa_project.feature("""\
Feature: Softkeys
  Scenario Outline: The call screen offers <softkey>
    Given alice is in a call with bob
    Then alice is offered the softkey "<softkey>"

    Examples:
      | softkey  |
      | Hold     |
      | Transfer |
      | Teleport |
""")
    result = qa_project.run("-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*[[]Hold[]] PASSED*", "*[[]Transfer[]] PASSED*", "*[[]Teleport[]] FAILED*"])


def test_data_table_sets_and_checks_every_row(qa_project: QaProject) -> None:
    qa_project.feature("""\
Feature: Config
  Scenario: A table of parameters
    Given alice has the config:
      | name          | value |
      | up.phoneName  | Lobby |
      | reg.1.label   | Desk  |
    Then the config "reg.1.label" of alice is "Desk"
    And alice has the config:
      | name          | value |
      | up.phoneName  | Lobby |
      | reg.1.label   | Desk  |

  Scenario: A table row that does not hold fails
    Given alice has the config:
      | up.phoneName  | Lobby |
    Then alice has the config:
      | up.phoneName  | Hall  |
""")
    result = qa_project.run("-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*up.phoneName = 'Hall'*"])


def test_undefined_step_fails_with_the_closest_phrases(qa_project: QaProject) -> None:
    qa_project.feature("""\
Feature: Typos
  Scenario: A misspelt step
    Given alice is idle
    When alice dails bob
""")
    result = qa_project.run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*StepDefinitionNotFoundError: Step definition is not found*dails bob*",
        "*Closest known steps:*",
        "*When <caller> dials <callee>*e.g. When alice dials bob*",
    ])


def test_steps_of_the_project_itself_are_suggested_too(qa_project: QaProject) -> None:
    qa_project.pytester.makeconftest(
        'from pytest_bdd import when\n\npytest_plugins = ["step_defs"]\n\n\n'
        '@when("the receptionist waves")\ndef _():\n    pass\n'
    )
    qa_project.feature("""\
Feature: Own steps
  Scenario: A misspelt own step
    When the receptionist wave
""")
    result = qa_project.run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Closest known steps:*", "*When the receptionist waves*"])


@pytest.mark.parametrize("touch", [True, False], ids=["touch", "non_touch"])
def test_touch_tag_leases_a_touch_model(qa_project: QaProject, touch: bool) -> None:
    tag = "@touch" if touch else "@non_touch"
    qa_project.feature(f"""\
Feature: Touch
  {tag}
  Scenario: A phone of the wanted kind
    Given alice {'has a touch screen' if touch else 'has no touch screen'}
    When alice {'taps' if touch else 'tries to tap'} "New Call"
    Then alice {'sees "Dial"' if touch else 'does not see "Settings"'}
""")
    qa_project.run().assert_outcomes(passed=1)


def test_settings_saved_on_the_phone_are_put_back_after_the_scenario(qa_project: QaProject) -> None:
    qa_project.feature("""\
Feature: Menu edits
  Scenario: Alice renames her line key on the phone
    When alice opens the menu "Settings > Basic > Preferences > Line Label"
    And alice replaces the text with "Front Desk"
    And alice presses the "Save" softkey
    Then the config "reg.1.label" of alice comes from "LOCAL"

  Scenario: The next scenario finds the provisioned label
    Then the config "reg.1.label" of alice comes from "CONFIG"
    And line 1 of alice has the extension of alice
""")
    qa_project.run().assert_outcomes(passed=2)
