"""vvxauto: automated UI testing of Poly VVX desk phones through their REST API.

The names most tests need, imported lazily so that loading the pytest plugin stays cheap:

- :class:`Lab` (``vvxauto.lab``): phones by role, from an inventory file or the simulated lab;
- :class:`Phone` (``vvxauto.phone``): one phone — queries, call control, screen actions;
- :func:`expect` (``vvxauto.expect``): retrying assertions on a phone;
- :class:`VvxClient` (``vvxauto.api``): one method per REST command of the manual;
- :class:`VvxError` (``vvxauto.errors``): the root of every error vvxauto raises about a phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vvxauto._lazy import lazy_exports

if TYPE_CHECKING:
    from vvxauto.api import VvxClient
    from vvxauto.errors import VvxError
    from vvxauto.expect import expect
    from vvxauto.lab import Lab
    from vvxauto.phone import Phone

__version__ = "0.1.0"
__all__ = ["Lab", "Phone", "VvxClient", "VvxError", "expect"]

_WHERE = {
    "Lab": "vvxauto.lab",
    "Phone": "vvxauto.phone",
    "expect": "vvxauto.expect",
    "VvxClient": "vvxauto.api",
    "VvxError": "vvxauto.errors",
}


__getattr__, __dir__ = lazy_exports("vvxauto", _WHERE, globals())
