"""vvxauto: automated UI testing of Poly VVX desk phones through their REST API."""

from __future__ import annotations

__version__ = "0.1.0"
