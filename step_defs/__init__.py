"""The vvxauto step-phrase library for pytest-bdd, one module per area."""
