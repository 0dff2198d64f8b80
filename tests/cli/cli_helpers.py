"""Plain helpers of the command-line tools' tests (the fixtures are in ``conftest``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Result:
    """What one ``vvxauto`` run returned and printed."""

    code: int
    out: str
    err: str

    def lines(
        self, status: str | None = None, role: str | None = None, check: str | None = None
    ) -> list[str]:
        """doctor's check lines, filtered by status, role and check name (columns 1-3)."""
        found = []
        for line in self.out.splitlines():
            words = line.split()
            if len(words) < 3 or words[0] not in ("OK", "WARN", "FAIL", "SKIP"):
                continue
            if (status in (None, words[0])) and (role in (None, words[1])) and (check in (None, words[2])):
                found.append(line)
        return found

    def line(self, role: str, check: str) -> str:
        """The one doctor line of ``check`` on ``role``."""
        (line,) = self.lines(role=role, check=check)
        return line
