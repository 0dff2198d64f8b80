"""Runs every scenario of the feature files in this folder (pytest-bdd)."""

from pytest_bdd import scenarios

scenarios(".")
