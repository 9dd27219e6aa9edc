"""Issue 13 item 5, "no secret escapes", for a settings file that is not even valid YAML.

ruamel.yaml words a duplicate key as 'found duplicate key "password" with value "V" (original
value: "W")': a settings file that sets redis.password twice (an edit that added a line instead
of changing one) printed both passwords in the composer's error. The composer now names the key
and the line, never the values. Every command that reads a settings file goes through the same
parser (composer/settings.py parse_yaml), so `summary` stands for all of them here.
"""
from __future__ import annotations

import base64

import pytest

from tests.helpers import composer

OLD, NEW = "Dk-old-4hT9qLeak", "Dk-new-8mW2zLeak"

CASES = {
    "redis.password twice": f"redis:\n  password: {OLD}\n  password: {NEW}\n",
    "secrets.apiKey twice, flow style": f"secrets: {{apiKey: {OLD}, apiKey: {NEW}}}\n",
    "a workload's env secret twice": (
        "workloads:\n  api:\n    image: {repository: registry.example.com/api, tag: 1.0.0}\n"
        f"    env:\n      TOKEN: {{secret: {OLD}}}\n      TOKEN: {{secret: {NEW}}}\n"),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_duplicate_key_error_names_the_key_not_the_values(tmp_path, case):
    path = tmp_path / "settings.yaml"
    path.write_text(CASES[case])
    proc = composer("summary", "--settings", str(path))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "found duplicate key" in proc.stderr and "(values not shown)" in proc.stderr, proc.stderr
    out = proc.stdout + proc.stderr
    for value in (OLD, NEW):
        for shown in (value, base64.b64encode(value.encode()).decode()):
            assert shown not in out, f"{case}: the error printed a secret:\n{out}"
