"""Every REST command of the simulated phone, registered with :func:`vvxauto.sim.routing.route`.

Importing this package registers all routes: call control (``callctrl``), management
(``mgmt``), configuration (``config_cmds``), information (``info``), media (``media``), Skype
(``skype``) and the screen commands (``screen``, SIM-UI's module).
"""

from __future__ import annotations

from vvxauto.sim.handlers import callctrl, config_cmds, info, media, mgmt, screen, skype

__all__ = ["callctrl", "config_cmds", "info", "media", "mgmt", "screen", "skype"]
