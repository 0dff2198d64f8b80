@transfer @phones_3
Feature: Blind transfer to a third phone
  Alice hands her call with Bob to Carol without talking to Carol first.

  Scenario: Alice transfers Bob to Carol, who answers
    Given alice is in a call with bob
    And carol is idle
    When alice transfers the call to carol
    Then carol is ringing
    And alice has no calls
    When carol answers
    Then the call is Connected
    And bob is in a call with carol
    And carol is in a call with bob

  Scenario: Carol rejects the transferred call
    Given alice is in a call with bob
    When alice transfers the call to carol
    And carol rejects the call
    Then bob is idle
    And carol has no calls
    And alice has no calls
