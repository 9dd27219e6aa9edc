"""The chart's data service parts: composer/helm/<service>.py for each service of
composer/derived.py DESCRIPTIONS, in that order. What the chart's generic code (the workloads'
templates, the helpers file) needs of each part is read from here, never by a service's name."""
from __future__ import annotations

import importlib
from types import ModuleType

from composer import derived
from composer.helm.part import Part


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"composer.helm.{svc}") for svc in derived.services()]


PARTS: list[Part] = [m.PART for m in modules()]


def wait_values() -> dict[tuple[str, str], str]:
    """(kind, JSON pointer) -> expression: what a workload's wait containers take from the
    parts beyond tokens (a Secret's name behind existingSecret, a role's key)."""
    return {k: v for m in modules() for k, v in getattr(m, "WAIT_VALUES", {}).items()}
