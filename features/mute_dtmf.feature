@mute_dtmf
Feature: Microphone mute and DTMF
  A phone in a call mutes its microphone, and sends touch tones to the far end.

  Scenario: Alice mutes and unmutes her microphone
    Given alice is in a call with bob
    When alice mutes the microphone
    Then alice is muted
    And the Mute LED of alice is steady red
    And alice sees "Muted"
    When alice unmutes the microphone
    Then alice is not muted
    And the Mute LED of alice is off

  Scenario: Muting does not put the call on hold
    Given alice is in a call with bob
    When alice mutes the microphone
    Then the call is Connected
    And bob is not muted

  Scenario: Alice sends DTMF digits in a call
    Given alice is in a call with bob
    When alice sends DTMF "123#"
    Then the call is Connected

  Scenario: Alice keys in digits on the keypad during a call
    Given alice is in a call with bob
    When alice enters "42" on the keypad
    Then the call is Connected

  Scenario: DTMF without a call is refused
    Given alice is idle
    When alice tries to send DTMF "5"
    Then the phone refuses it with status "4007"
