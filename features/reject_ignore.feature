@reject_ignore
Feature: Rejected, ignored and missed calls
  The callee may turn a call down (reject), silence it (ignore) or let the caller give up.

  Scenario: Bob rejects the call
    Given alice is calling bob
    When bob rejects the call
    Then bob has no calls
    And alice is idle

  Scenario: Bob rejects the call with the Reject softkey
    Given alice is calling bob
    When bob presses the "Reject" softkey
    Then bob has no calls
    And alice is idle

  Scenario: An ignored call stops ringing but can still be answered
    Given alice is calling bob
    When bob ignores the call
    Then bob stops ringing
    And alice hears ringback
    When bob answers the call
    Then the call is Connected

  Scenario: A rejected call is logged as missed
    Given alice is calling bob
    When bob rejects the call
    Then the call log of bob has a missed call from alice
