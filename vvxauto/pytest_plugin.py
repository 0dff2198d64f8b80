"""Placeholder until PLUGIN writes the pytest plugin (replace this whole file)."""
