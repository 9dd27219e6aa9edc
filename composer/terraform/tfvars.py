"""The settings as a Terraform variables file (`.tfvars.json`): `-var-file` takes it as it is.

Every setting is written, so nothing depends on the module's defaults, with the settings'
own names and values; JSON keeps their types exactly, which the module's checks rely on.
"""
from __future__ import annotations

import json
from typing import Any


def export(settings: dict[str, Any]) -> str:
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def plaintext_secrets(settings: dict[str, Any]) -> list[str]:
    """The secret settings the file holds in plain text."""
    from composer.pulumi_route import config

    return config.plaintext_secrets(settings)  # the same settings, in the same plain text
