@hold
Feature: Hold and resume
  A phone in a call puts the far end on hold and picks it up again.

  Scenario: Alice puts Bob on hold
    Given alice is in a call with bob
    When alice holds the call
    Then the call is on hold
    And alice's call state is "Hold"
    And bob's call state is "CallHold"

  Scenario: Alice resumes the held call
    Given alice has bob on hold
    When alice resumes the call
    Then the call is Connected

  Scenario: Hold and resume with the softkeys
    Given alice is in a call with bob
    When alice presses the "Hold" softkey
    Then the call is on hold
    And alice is offered the softkey "Resume"
    When alice presses the "Resume" softkey
    Then the call is Connected
    And alice is offered the softkey "Hold"
