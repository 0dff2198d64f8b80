"""Wires the repository's own feature suite to the vvxauto step library; nothing else lives here."""

pytest_plugins = ["step_defs"]
