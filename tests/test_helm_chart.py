"""The Helm chart: lint, schema errors before anything is created, Helm naming rules,
NOTES, and parity with `composer render` for the same settings."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings as hsettings

from composer import parity, render, settings as settings_mod
from composer.helm import values
from tests.helpers import CHART, EXAMPLES, ROOT, composer, helm, objects
from tests.strategies import settings as settings_strategy

# Helm 4 (bin/helm) and Helm 3 (bin/helm3, built by make tools): the chart must work on both.
HELMS = ["helm", "helm3"]


def _values_file(tmp: Path, settings: dict) -> Path:
    path = tmp / "values.yaml"
    path.write_text(values.export(settings))
    return path


def helm_template(values_file: Path | None, *extra: str, binary: str = "helm", chart: Path = CHART,
                  release: str = "realtime-svg") -> list[dict]:
    args = ["template", release, str(chart), "--skip-tests", *extra]
    if values_file:
        args += ["-f", str(values_file)]
    return objects(helm(*args, binary=binary).stdout)


def assert_parity(settings: dict, tmp: Path, binary: str = "helm", chart: Path = CHART) -> None:
    expected = objects(render.render(settings))
    got = helm_template(_values_file(tmp, settings), binary=binary, chart=chart, release=settings["name"])
    problems = parity.compare(expected, got, ("composer render", "helm template"))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("example", [None, *EXAMPLES], ids=lambda p: p.stem if p else "defaults")
def test_lint_strict(example, binary, tmp_path):
    args = ["lint", "--strict", str(CHART)]
    if example:
        args += ["-f", str(_values_file(tmp_path, settings_mod.load_file(example)))]
    helm(*args, binary=binary)


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("example", [None, *EXAMPLES], ids=lambda p: p.stem if p else "defaults")
def test_helm_template_equals_render(example, binary, tmp_path):
    assert_parity(settings_mod.load_file(example), tmp_path, binary=binary)


def test_plain_helm_install_of_the_defaults_equals_rendered_dir():
    """`helm install realtime-svg ./chart` with no values at all == rendered/install.yaml."""
    committed = objects((ROOT / "rendered" / "install.yaml").read_text())
    assert parity.compare(committed, helm_template(None), ("rendered/", "helm")) == []


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=settings_strategy())
# A plain y in a values file is a boolean to Helm's YAML reader; exports must quote it.
@example(raw={"tolerations": [{"key": "y", "operator": "Exists"}], "nodeSelector": {"n": "Y"}})
def test_helm_template_equals_render_for_generated_settings(raw, tmp_path):
    assert_parity(settings_mod.validate(raw), tmp_path)


def test_parity_catches_an_altered_value(tmp_path):
    """The comparison can fail: a chart whose template differs in one field is caught,
    with the field's path; so is a values file that differs in one setting."""
    chart = tmp_path / "chart"
    shutil.copytree(CHART, chart)
    deployment = chart / "templates" / "deployment.yaml"
    deployment.write_text(deployment.read_text().replace("maxSurge: 1", "maxSurge: 2"))
    settings = settings_mod.load_file(None)
    with pytest.raises(AssertionError, match=r"Deployment//realtime-svg: spec.strategy.rollingUpdate.maxSurge: 1 != 2"):
        assert_parity(settings, tmp_path, chart=chart)
    altered = dict(settings, replicas=4)
    problems = parity.compare(objects(render.render(settings)), helm_template(_values_file(tmp_path, altered)))
    assert "Deployment//realtime-svg: spec.replicas: 2 != 4" in problems


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("args, fragments", [
    (["--set", "replicas=-1"], ["replicas"]),
    (["--set", "redis.enabled=false"], ["host"]),
    (["--set", "replicsa=3"], ["replicsa"]),
    (["--set", "ingress.enabled=true"], ["host"]),
    (["--set", "service.port=70000"], ["port"]),
    (["--set", "name=Bad_Name"], ["name"]),
])
def test_bad_values_fail_before_anything_is_created(args, fragments, binary):
    proc = helm("template", "realtime-svg", str(CHART), *args, binary=binary, check=False)
    assert proc.returncode != 0
    assert "schema" in proc.stderr.lower()
    for fragment in fragments:
        assert fragment in proc.stderr


@pytest.mark.parametrize("binary", HELMS)
def test_a_release_in_another_namespace_than_the_values_is_refused_in_one_line(binary):
    """`helm install -n foo` with `namespace: tools` would put every object in tools while the
    release lives in foo: refused, naming both; the values' own namespace, or an empty one
    (which follows the release), is taken."""
    proc = helm("template", "rs", str(CHART), "--set", "namespace=tools", "--namespace", "foo", binary=binary, check=False)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error: values: ")]
    assert lines == ['error: values: namespace: "tools" is not the namespace of the release, "foo"; allowed: a release in '
                     '"tools" (helm --namespace tools), or an empty namespace, which follows the release']
    same = objects(helm("template", "rs", str(CHART), "--set", "namespace=tools", "--namespace", "tools",
                        binary=binary).stdout)
    assert {o["metadata"]["namespace"] for o in same} == {"tools"}
    follows = objects(helm("template", "rs", str(CHART), "--namespace", "foo", "--skip-tests", binary=binary).stdout)
    assert follows and all("namespace" not in o["metadata"] for o in follows)


@pytest.mark.parametrize("release, extra, expected", [
    ("realtime-svg", [], "realtime-svg"),
    ("rs", [], "rs-realtime-svg"),
    ("my-realtime-svg", [], "my-realtime-svg"),
    ("rs", ["--set", "nameOverride=svg"], "rs-svg"),
    ("rs", ["--set", "fullnameOverride=shop"], "shop"),
    ("rs", ["--set", "name=explicit"], "explicit"),
])
def test_object_names_follow_helm_conventions(release, extra, expected):
    objs = helm_template(None, *extra, release=release)
    names = {o["metadata"]["name"] for o in objs if o["kind"] in ("Deployment", "Service", "ServiceAccount")}
    assert names == {expected, f"{expected}-redis"}
    deploy = next(o for o in objs if o["kind"] == "Deployment" and o["metadata"]["name"] == expected)
    assert deploy["spec"]["selector"]["matchLabels"] == {"app": expected}


def test_release_namespace_unless_namespace_is_set():
    objs = helm_template(None, "-n", "team-a")
    assert all("namespace" not in o["metadata"] for o in objs), "helm install puts them in the release namespace"
    objs = helm_template(None, "-n", "shop", "--set", "namespace=shop")
    assert {o["metadata"]["namespace"] for o in objs} == {"shop"}  # and any other release namespace is refused


def test_standard_helm_labels_never_in_selectors():
    for obj in helm_template(None):
        labels = obj["metadata"]["labels"]
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert labels["helm.sh/chart"] == "realtime-svg-0.1.0"
        spec = obj.get("spec", {})
        selector = spec.get("selector", {})
        assert not any(k.startswith(("helm.sh/", "app.kubernetes.io/")) for k in selector.get("matchLabels", selector))


def _notes(*args: str) -> str:
    out = helm("install", "realtime-svg", str(CHART), "--dry-run=client", *args).stdout
    return out.split("NOTES:", 1)[1]


def test_notes_say_how_to_reach_the_app_and_warn_about_redis(tmp_path):
    notes = _notes()
    assert "kubectl port-forward svc/realtime-svg" in notes
    assert "keeps NO data" in notes
    prod = _values_file(tmp_path, settings_mod.load_file(ROOT / "examples" / "production.yaml"))
    notes = _notes("-f", str(prod))
    assert "https://realtime-svg.example.com/" in notes
    assert "keeps NO data" not in notes and "redis.production.internal:6379" in notes
    notes = _notes("--set", "service.type=NodePort")
    assert "nodePort" in notes


def test_test_pod_is_restricted_and_can_be_turned_off():
    from tests.helpers import restricted_violations

    out = objects(helm("template", "realtime-svg", str(CHART)).stdout)
    pods = [o for o in out if o["kind"] == "Pod"]
    assert len(pods) == 1 and pods[0]["metadata"]["annotations"]["helm.sh/hook"] == "test"
    # A one-shot test Pod needs no probes; every other rule holds.
    bad = [v for v in restricted_violations(pods[0]) if "Probe" not in v]
    assert bad == []
    out = objects(helm("template", "realtime-svg", str(CHART), "--set", "tests.enabled=false").stdout)
    assert not [o for o in out if o["kind"] == "Pod"]


def test_helm_test_checks_what_the_release_serves(tmp_path):
    """`helm test` GETs the readiness path of each workload that has one through its Service
    (examples/shop.yaml: the web frontend and the API), and nothing of a worker, which serves
    no port; a system without the app has no test of the app's /ready."""
    path = _values_file(tmp_path, settings_mod.load_file(ROOT / "examples" / "shop.yaml"))
    out = objects(helm("template", "shop", str(CHART), "-f", str(path), "--show-only",
                       "templates/tests/test-ready.yaml").stdout)
    urls = {o["metadata"]["name"]: o["spec"]["containers"][0]["command"][-1] for o in out}
    assert urls == {"api-test-ready": "http://api.shop.svc:8080/ready",
                    "web-test-ready": "http://web.shop.svc:3000/healthz"}
    assert all(o["metadata"]["namespace"] == "shop" for o in out)


def test_export_helm_writes_the_settings_as_values(tmp_path):
    proc = composer("export", "helm", "--settings", "examples/production.yaml", check=True)
    exported = yaml.safe_load(proc.stdout)
    assert exported == settings_mod.load_file(ROOT / "examples" / "production.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("replicas: -1\n")
    assert composer("export", "helm", "--settings", str(bad)).returncode == 2


def test_values_yaml_holds_the_settings_defaults():
    chart_values = yaml.safe_load((CHART / "values.yaml").read_text())
    defaults = settings_mod.load_file(None)
    for key, value in defaults.items():
        assert chart_values[key] == ("" if key == "name" else value), key
