@hook
Feature: Handset off hook and on hook
  Lifting the handset gives dial tone or answers a ringing call; putting it back ends the call.

  Scenario: Lifting the handset gives dial tone
    Given alice is idle
    When alice goes off hook
    Then alice's call state is "Dialtone"
    And the Line 1 LED of alice is steady green
    When alice goes on hook
    Then alice has no calls

  Scenario: Bob answers by lifting the handset
    Given alice is calling bob
    When bob goes off hook
    Then the call is Connected

  Scenario: Bob hangs up by putting the handset back
    Given alice is calling bob
    When bob goes off hook
    And bob waits until the call is Connected
    And bob goes on hook
    Then alice is idle
    And bob has no calls

  Scenario: Alice lifts the handset, then dials
    Given alice is idle
    When alice goes off hook
    And alice dials bob
    Then bob is ringing
    And alice hears ringback

  Scenario: The Handsfree key gives dial tone on the speaker
    Given alice is idle
    When alice presses the "Handsfree" key
    Then alice's call state is "Dialtone"
    And the Speaker LED of alice is steady green
