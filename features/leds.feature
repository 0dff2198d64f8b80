@leds
Feature: LED states through a call's life
  The line key LED tells the user what the line is doing; other LEDs follow mute, speaker and messages.

  Scenario: The callee's line key flashes while the call rings
    Given alice is calling bob
    Then the Line 1 LED of bob is flashing green
    And the Line 1 LED of alice is steady green
    And the message waiting LED of bob is flashing red

  Scenario: Both line keys are steady green in a connected call
    Given alice is in a call with bob
    Then the Line 1 LED of alice is steady green
    And the Line 1 LED of bob is steady green

  Scenario: The holding phone's line key flashes slowly
    Given alice has bob on hold
    Then the Line 1 LED of alice is slowly flashing green
    And the Line 1 LED of bob is steady green

  Scenario: Line keys go dark when the call ends
    Given alice is in a call with bob
    When bob hangs up
    Then the Line 1 LED of alice is off
    And the Line 1 LED of bob is off

  Scenario Outline: The <led> LED lights while <what>
    Given alice is idle
    When alice presses the "<key>" key
    Then the <led> LED of alice is steady green
    When alice presses the "<key>" key
    Then the <led> LED of alice is off
    And alice has no calls

    Examples:
      | led     | key       | what                      |
      | Speaker | Handsfree | the speaker is in use     |
      | Headset | Headset   | the headset is in use     |
