@touch_area
Feature: Touch on touch models
  Touch models take taps and swipes on the screen as well as key presses.

  @touch
  Scenario: Alice taps her way into the settings
    Given alice has a touch screen
    When alice presses the "Menu" key
    And alice taps "Settings"
    Then alice sees "Basic"

  @touch
  Scenario: Alice holds a call with a tap on the softkey
    Given alice has a touch screen
    And alice is in a call with bob
    When alice taps the "Hold" softkey
    Then the call is on hold

  @touch
  Scenario: A swipe across the softkey bar brings up the next page
    Given alice has a touch screen
    And alice is in a call with bob
    When alice swipes the softkeys to the left
    Then alice shows softkey page 2
    When alice swipes the softkeys to the right
    Then alice shows softkey page 1

  @non_touch
  Scenario: A phone without a touch screen refuses taps
    Given alice has no touch screen
    When alice tries to tap "New Call"
    Then the phone refuses it
