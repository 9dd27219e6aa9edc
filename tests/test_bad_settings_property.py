"""Bad settings by the thousand (tests/bad_settings.py): the composer refuses every one with
one line per problem naming the setting path, and Helm 4 (with the chart's schema and its
cross-setting check) refuses the same values file naming the same paths. The hypothesis seed is
printed on a failure (`--hypothesis-seed=N` replays it)."""
from __future__ import annotations

import re
import subprocess

from hypothesis import HealthCheck, given, settings as hsettings

from composer import settings as settings_mod, yamlio
from composer.helm import values
from tests.bad_settings import bad_settings, pointer_path, unmatched_paths as _covers
from tests.helpers import CHART, ROOT, env

CASES = int(__import__("os").environ.get("RSVG_BAD_CASES", "1000"))
HELM_LINE = re.compile(r"^\s*- at '([^']*)': (.*)$")


def composer_paths(raw: dict) -> set[str]:
    """The setting paths the composer names; empty when it accepts the settings."""
    try:
        settings_mod.validate(raw, source="bad")
    except settings_mod.SettingsError as exc:
        return {problem.split(": ", 1)[0] for problem in exc.problems}
    return set()


def helm_paths(raw: dict, tmp, expect_refusal: bool = True) -> set[str]:
    path = tmp / "values.yaml"
    path.write_text(yamlio.dump(raw))
    proc = subprocess.run([str(ROOT / "bin" / "helm"), "template", "x", str(CHART), "-f", str(path),
                           *values.release_namespace_args(path)],
                          env=env(), capture_output=True, text=True)
    if not expect_refusal:
        assert proc.returncode == 0, f"helm refused values the composer accepts:\n{proc.stderr}\n{path.read_text()}"
        return set()
    assert proc.returncode != 0, f"helm accepted bad values:\n{path.read_text()}"
    found = set()
    for line in proc.stderr.splitlines():
        m = HELM_LINE.match(line)
        if m:
            where, what = pointer_path(m.group(1)), m.group(2)
            if what == "validation failed":
                continue
            name = re.match(r"invalid propertyName '([^']+)'", what)
            if name:  # Helm places these at a wrong pointer ('' or a sibling): match them by the name
                found.add("*." + name.group(1))
                continue
            if re.match(r"'[^']*' does not match pattern", what) and not where:
                continue  # the detail of a propertyName line above
            for key in re.findall(r"'([^']+)'", what) if what.startswith(("additional properties",
                                                                          "missing property")) else []:
                found.add(f"{where}.{key}" if where else key)
            if not what.startswith(("additional properties", "missing property")):
                found.add(where)
        elif line.startswith("error: values: "):  # the chart's cross-setting check, the composer's words
            found.add(line.removeprefix("error: values: ").split(": ", 1)[0])
    assert found, proc.stderr
    return found


@hsettings(max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=bad_settings())
def test_composer_and_helm_refuse_every_bad_setting_naming_the_same_paths(raw, tmp_path):
    ours = composer_paths(raw)
    if not ours:  # a change that happened to stay valid: then Helm must take it too
        assert helm_paths(raw, tmp_path, expect_refusal=False) == set()
        return
    theirs = helm_paths(raw, tmp_path)
    assert _covers(ours, theirs) == [] and _covers(theirs, ours) == [], (ours, theirs, yamlio.dump(raw))
