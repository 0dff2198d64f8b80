@text
Feature: Text entry in the phone's menus
  Text fields take typed text; Save keeps it, Cancel drops it.

  Scenario: Alice renames her line key from the menus
    Given alice is idle
    When alice opens the menu "Settings > Basic > Preferences > Line Label"
    And alice replaces the text with "Front Desk"
    Then the text field of alice shows "Front Desk"
    When alice presses the "Save" softkey
    Then line key 1 of alice shows "Front Desk"
    And the config "reg.1.label" of alice is "Front Desk"
    And the config "reg.1.label" of alice comes from "LOCAL"

  Scenario: Typing adds to the text; Delete removes the last character
    Given alice is idle
    When alice opens the menu "Settings > Basic > Phone Name"
    And alice replaces the text with "Lobby"
    And alice types " 2x"
    And alice presses the "Delete" softkey
    Then the text field of alice shows "Lobby 2"

  Scenario: Cancel drops what was typed
    Given alice has config "up.phoneName" set to "Reception"
    When alice opens the menu "Settings > Basic > Phone Name"
    And alice replaces the text with "Lobby"
    And alice presses the "Cancel" softkey
    Then the config "up.phoneName" of alice is "Reception"
