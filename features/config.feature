@config
Feature: Configuration get, set and restore
  Parameters set over REST show on the phone and are put back after the scenario.

  Scenario: A line label set over REST shows on the line key
    Given alice has config "reg.1.label" set to "Reception"
    Then the config "reg.1.label" of alice is "Reception"
    And the config "reg.1.label" of alice comes from "WEB"
    And line key 1 of alice shows "Reception"

  Scenario: Several parameters from a table
    Given alice has the config:
      | name                           | value |
      | up.phoneName                   | Lobby |
      | lcl.datetime.time.24HourClock  | 0     |
    Then alice has the config:
      | name                           | value |
      | up.phoneName                   | Lobby |
      | lcl.datetime.time.24HourClock  | 0     |

  Scenario: Restoring puts the original value and its source back
    Given alice has config "reg.1.label" set to "Temporary"
    When alice restores its config
    Then the config "reg.1.label" of alice is back to its original value
    And the config "reg.1.label" of alice comes from its original source

  Scenario Outline: A parameter set over REST reads back the same
    Given alice has config "<name>" set to "<value>"
    Then the config "<name>" of alice is "<value>"

    Examples:
      | name                                 | value    |
      | up.phoneName                         | Kiosk    |
      | np.normal.ringing.calls.tonePattern  | ringer5  |
      | reg.1.displayName                    | Helpdesk |
