@logs
Feature: Call logs
  Every phone keeps lists of missed, received and placed calls.

  Scenario: A call the caller gives up on is missed
    Given alice is calling bob
    When alice ends the call
    Then the call log of bob has a missed call from alice
    And the call log of alice has a placed call to bob

  Scenario: An answered call is received, not missed
    Given alice is in a call with bob
    When bob hangs up
    Then the call log of bob has a received call from alice
    And the call log of bob has no missed call from alice
    And the call log of alice has a placed call to bob

  Scenario: A number dialled is logged as placed
    Given alice is idle
    When alice dials "5551000"
    Then the call log of alice has a placed call to "5551000"
