@softkeys
Feature: Softkeys and their More pages
  Softkeys that do not fit in the softkey bar sit on further pages behind More.

  Scenario: The idle screen offers the idle softkeys
    Given alice is idle
    Then alice is offered the softkeys "New Call", "Forward", "DND", "Directories", "Callers"

  @model_vvx411
  Scenario Outline: A connected call's softkeys on a VVX 411 are spread over pages
    Given alice is in a call with bob
    Then the softkey "<softkey>" of alice is on page <page>

    Examples:
      | softkey    | page |
      | Hold       | 1    |
      | Transfer   | 1    |
      | Conference | 2    |
      | Mute       | 2    |
      | Record     | 3    |

  @model_vvx411
  Scenario: More walks through the softkey pages and back to the first
    Given alice is in a call with bob
    Then alice shows softkey page 1
    When alice presses the "More" softkey
    Then alice shows softkey page 2
    When alice presses the "More" softkey
    Then alice shows softkey page 3
    When alice presses the "More" softkey
    Then alice shows softkey page 1

  Scenario: A softkey on a later page is reached through More
    Given alice is in a call with bob
    When alice presses the "Mute" softkey
    Then alice is muted

  Scenario: The ringing phone offers no Hold
    Given alice is calling bob
    Then bob is offered the softkey "Answer"
    And bob is not offered the softkey "Hold"
