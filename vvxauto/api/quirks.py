"""How real phones spell things, read one way: booleans, numbers, Status, handles, keys, uptimes.

The phones answer with strings for almost everything (``"True"``, ``"1"``, ``"25"``), a few manual
examples use numbers, and key names vary between versions; these helpers read them all. The typed
results in :mod:`vvxauto.api.types` and :mod:`vvxauto.api.results` are built with them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from typing import Any

__all__ = [
    "as_bool",
    "as_float",
    "as_int",
    "as_list",
    "as_mapping",
    "clean_keys",
    "config_text",
    "first_of",
    "handles_equal",
    "normalize_handle",
    "opt_text",
    "parse_time",
    "raw_field",
    "status_text",
    "text",
    "uptime_seconds",
]

_TRUE = frozenset({"true", "1", "yes", "on", "enabled"})
_FALSE = frozenset({"false", "0", "no", "off", "disabled", ""})


def as_bool(value: Any, default: bool | None = None) -> bool | None:
    """A phone boolean: ``True``/``"True"``/``"1"``/``1``/``"Yes"`` -> True, their opposites -> False.

    Returns ``default`` for None or anything unrecognised.
    """
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
    return default


def config_text(value: Any) -> str:
    """A parameter value as config/set sends it: booleans as "1"/"0", everything else as ``str``."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def as_int(value: Any) -> int | None:
    """A phone number-ish value (``"25"``, ``25``, ``" 7 "``) as an int, None when not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        v = value.strip()
        try:
            return int(v)
        except ValueError:
            try:
                return int(float(v))
            except ValueError:
                return None
    return None


def status_text(value: Any) -> str | None:
    """The phone's ``Status`` as a string (``2000`` and ``"2000"`` -> ``"2000"``), None if absent."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalize_handle(handle: Any) -> str:
    """A call handle in one spelling: lower-case hex without ``0x`` (``"0xB5576FF8"`` -> ``"b5576ff8"``)."""
    h = str(handle).strip().lower()
    if h.startswith("0x"):
        h = h[2:]
    return h


def handles_equal(a: Any, b: Any) -> bool:
    """True when two handles name the same call (``0x`` and leading zeros ignored)."""
    na, nb = normalize_handle(a), normalize_handle(b)
    if na == nb:
        return True
    try:
        return int(na, 16) == int(nb, 16)
    except ValueError:
        return False


def text(value: Any) -> str:
    return "" if value is None else str(value)


def opt_text(value: Any) -> str | None:
    return None if value is None else str(value)


def first_of(d: Mapping[str, Any], *keys: str) -> Any:
    for k in keys:
        v = d.get(k)
        if v is not None:
            return v
    return None


def clean_keys(d: Any) -> dict[str, Any]:
    """Keys stripped of stray spaces (the manual prints ``"ModelNumber "``)."""
    if not isinstance(d, Mapping):
        return {}
    return {str(k).strip(): v for k, v in d.items()}


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is None:
        return []
    return [value]


_UPTIME_PART = re.compile(r"(\d+)\s*(day|hour|min|sec|[dhms]\b)", re.IGNORECASE)


def uptime_seconds(value: Any) -> int | None:
    """Seconds from ``{"Days","Hours","Minutes","Seconds"}`` or text like ``"1 days, 2 hours, ..."``."""
    if isinstance(value, Mapping):
        d = {str(k).strip().lower(): as_int(v) or 0 for k, v in value.items()}
        if not d:
            return None
        return (
            d.get("days", 0) * 86400
            + d.get("hours", 0) * 3600
            + d.get("minutes", 0) * 60
            + d.get("seconds", 0)
        )
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.isdigit():
            return int(text)
        unit_seconds = {"d": 86400, "h": 3600, "m": 60, "s": 1}
        parts = _UPTIME_PART.findall(text)
        if parts:
            return sum(int(n) * unit_seconds[u[0].lower()] for n, u in parts)
        nums = [int(n) for n in re.findall(r"\d+", text)]
        if len(nums) == 4:  # "D:H:M:S" or "D H M S"
            return nums[0] * 86400 + nums[1] * 3600 + nums[2] * 60 + nums[3]
        if len(nums) == 3:  # "H:M:S"
            return nums[0] * 3600 + nums[1] * 60 + nums[2]
    return as_int(value)


def raw_field() -> Any:
    return field(default_factory=dict, compare=False, hash=False, repr=False)


def as_float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None
