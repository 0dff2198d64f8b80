@calls
Feature: Basic calls between two phones
  A phone calls another phone of the lab; the callee rings, answers, and either side hangs up.

  @smoke
  Scenario: Alice calls Bob and Bob answers
    Given alice and bob are idle
    When alice dials bob
    Then bob is ringing
    And alice hears ringback
    When bob answers
    Then the call is Connected
    And alice is in a call with bob
    And bob is in a call with alice

  Scenario: The caller hangs up a connected call
    Given alice is in a call with bob
    When alice ends the call
    Then alice has no calls
    And bob has no calls

  Scenario: The callee hangs up a connected call
    Given alice is in a call with bob
    When bob hangs up
    Then alice is idle
    And bob is idle

  Scenario: The caller gives up before the callee answers
    Given alice is calling bob
    When alice ends the call
    Then bob stops ringing
    And bob has no calls

  Scenario: The callee sees who is calling
    When alice dials bob
    Then bob is ringing
    And bob sees the number of alice
    And bob is offered the softkeys "Answer", "Ignore", "Reject"
