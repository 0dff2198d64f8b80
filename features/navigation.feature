@navigation
Feature: Menu navigation with the keys
  The Menu key opens the main menu; items open with the arrows and Select; Home leaves the menus.

  Scenario: Settings lead to the preferences
    Given alice is idle
    When alice opens the menu "Settings > Basic > Preferences"
    Then alice sees "Display Name"
    And alice sees "Line Label"
    And alice sees "Time Format"

  Scenario: The status menu shows the phone's information
    Given alice is idle
    When alice opens the menu "Status > Platform > Phone"
    Then alice sees "Phone"
    And alice is offered the softkey "Back"

  Scenario: Home leaves the menus
    Given alice is idle
    When alice opens the menu "Settings"
    And alice goes back to the home screen
    Then alice shows the "Home" screen
    And alice is offered the softkey "New Call"

  Scenario: The Menu key opens the main menu
    Given alice is idle
    When alice presses the "Menu" key
    Then alice sees "Features"
    And alice sees "Status"
    And alice sees "Settings"

  Scenario: Alice calls Bob from the keypad
    Given alice and bob are idle
    When alice dials bob on the keypad
    Then bob is ringing
    When bob answers
    Then alice is in a call with bob
