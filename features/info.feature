@info
Feature: Device and line information
  A phone tells its model, firmware, MAC address and the state of its lines.

  @smoke
  Scenario: The phone describes itself
    Then the model of alice is the one in the lab inventory
    And the firmware of alice is version "6.1" or later
    And alice reports a MAC address
    And alice is ready to use

  Scenario: Line 1 is registered to the phone's extension
    Then line 1 of alice is registered
    And line 1 of alice has the extension of alice

  @model_vvx501
  Scenario: A VVX 501 says it is one
    Given alice is a "VVX 501"
    Then the model of alice is "VVX 501"
