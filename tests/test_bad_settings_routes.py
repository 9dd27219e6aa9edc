"""A fixed sample of 50 generated bad settings (tests/bad_settings.py, derandomized) through the
slower routes: `tofu plan` of the Terraform module and the Pulumi program (under Pulumi's
mocks, as in tests/test_pulumi_route.py). Each refuses what the composer refuses, before
anything is created, naming the same setting paths. (The thousand cases through the composer
and Helm are in tests/test_bad_settings_property.py.)"""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings as hsettings

from tests.bad_settings import bad_settings, unmatched_paths
from tests.test_bad_settings_property import composer_paths
from tests.test_terraform import tofu, tofu_problems  # noqa: F401 (the fixture)

SAMPLE = 50
SETTINGS = hsettings(max_examples=SAMPLE, derandomize=True, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                            HealthCheck.nested_given])


def _top_level_typos(raw: dict, paths: set[str]) -> set[str]:
    """Unknown top-level keys: Terraform only warns about a variable a tfvars file sets and the
    module does not declare, so it cannot refuse them (the README says so)."""
    return {p for p in paths if "." not in p and "[" not in p and p not in _declared()}


def _declared() -> set[str]:
    from composer import schema

    return set(schema.load()["properties"])


@SETTINGS
@given(raw=bad_settings())
def test_terraform_refuses_the_bad_settings_the_composer_refuses(raw, tofu, tmp_path):  # noqa: F811
    ours = composer_paths(raw)
    path = tofu.dir / "bad.tfvars.json"
    path.write_text(json.dumps(raw))
    code, messages = tofu_problems(tofu, path)
    typos = _top_level_typos(raw, ours)
    if not ours - typos:
        return  # valid, or only what Terraform cannot see
    assert code != 0, f"tofu accepted: {json.dumps(raw)}"
    theirs = {m.split(": ", 1)[0] for m in messages if ": " in m}
    assert unmatched_paths(ours - typos, theirs) == [] and unmatched_paths(theirs, ours) == [], (ours, messages)


@SETTINGS
@given(raw=bad_settings())
def test_the_pulumi_program_refuses_the_bad_settings_the_composer_refuses(raw, tmp_path):
    import pulumi

    from tests.test_pulumi_route import config_set, run_program

    from composer import schema
    from composer.pulumi_route import config as pconfig

    # Pulumi config values are strings: `pulumi config set image.tag 7` is the tag "7". The program
    # converts them by the schema first (composer/pulumi_route/config.py); what it must refuse is
    # what the composer refuses of the converted values.
    props = schema.load()["properties"]
    ours = composer_paths({k: pconfig.coerce(v, props.get(k)) for k, v in raw.items()})
    if not ours:
        run_program(config_set(raw), tmp_path)
        return
    with pytest.raises(pulumi.RunError) as got:
        run_program(config_set(raw), tmp_path)
    theirs = set(re.findall(r"^stack unit config: ([^:\s]+):", str(got.value), re.M))
    assert unmatched_paths(ours, theirs) == [] and unmatched_paths(theirs, ours) == [], (ours, str(got.value))
