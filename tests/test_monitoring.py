"""Monitoring the way kube-prometheus-stack users expect (composer/monitoring.py): the metrics
port, ServiceMonitors valid against the Prometheus Operator's own CRD schema, the Grafana
dashboard ConfigMap, the same objects by the composer, Helm 4 and 3 and Terraform, and the
rules refused in the same words by each."""
from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings as hsettings

from composer import monitoring, parity, render, settings as settings_mod, yamlio
from composer.helm import values
from tests import helpers
from tests.helpers import CHART, ROOT, composer, helm, objects
from tests.strategies import system_settings
from tests.test_helm_chart import HELMS, assert_parity
from tests.test_terraform import (_write_raw, composer_problems, overlay_objects, rendered, tofu,  # noqa: F401 (fixture)
                                  tofu_problems)

EXAMPLE = ROOT / "examples" / "portfolio-monitoring.yaml"


def _objects(s: dict[str, Any]) -> list[dict[str, Any]]:
    return yamlio.load_all(render.render(s))


def _w(**parts: Any) -> dict[str, Any]:
    return {"image": {"repository": "example.com/app", "tag": "2.0"}, **parts}


# Settings that reach every branch: a port of its own or the app's (given, or null), empty
# interval and timeout, labels with a prefix, a folder, labels of the sidecar's choosing.
VARIANTS: dict[str, dict[str, Any]] = {
    "metrics on a port of their own, ServiceMonitor with labels, dashboard in a folder": {
        "enabled": False, "namespace": "mon",
        "workloads": {
            "api": _w(extraPorts={"grpc": 9000}, metrics={
                "enabled": True, "port": 9100, "path": "/x/metrics",
                "serviceMonitor": {"enabled": True, "interval": "15s", "scrapeTimeout": "5s",
                                   "labels": {"release": "kube-prometheus-stack", "example.com/team": "a"}}},
                grafanaDashboard={"enabled": True, "folder": "Team A", "json": '{\n "title": "é \\"q\\"" }\n'}),
            "web": _w(port=3000, metrics={"enabled": True, "port": 3000, "serviceMonitor": {"enabled": True, "interval": ""}}),
        }},
    "metrics on the app's port without a ServiceMonitor, a dashboard with the sidecar's labels, beside the app": {
        "workloads": {
            "worker": _w(metrics={"enabled": True}, grafanaDashboard={"enabled": True, "labels": {"dash": "yes", "team": "b"}}),
            "quiet": _w(metrics={"enabled": False, "port": 9100}, grafanaDashboard={"enabled": False, "json": "{}"}),
        }},
}

# Rules across settings (composer/monitoring.py problems), and the composer's words.
BAD: dict[str, tuple[dict[str, Any], list[str]]] = {
    "metrics port is an extra port's number": (
        {"enabled": False, "workloads": {"a": _w(extraPorts={"admin": 9100}, metrics={"enabled": True, "port": 9100})}},
        ["workloads.a.metrics.port: 9100 clashes with extraPorts (the name metrics or the number 9100); allowed: "
         "the app's port, or a number no extra port uses and no extra port named metrics"]),
    "an extra port is named metrics": (
        {"enabled": False, "workloads": {"a": _w(extraPorts={"metrics": 9090}, metrics={"enabled": True, "port": 9100})}},
        ["workloads.a.metrics.port: 9100 clashes with extraPorts (the name metrics or the number 9100); allowed: "
         "the app's port, or a number no extra port uses and no extra port named metrics"]),
    "a ServiceMonitor without metrics": (
        {"enabled": False, "workloads": {"a": _w(metrics={"serviceMonitor": {"enabled": True}})}},
        ["workloads.a.metrics.serviceMonitor.enabled: true, but metrics.enabled is false; "
         "allowed: metrics.enabled: true with it"]),
    "metrics port is the Service's port": (
        {"enabled": False, "workloads": {"a": _w(service={"port": 9100}, metrics={"enabled": True, "port": 9100})}},
        ["workloads.a.metrics.port: 9100 is also service.port, the Service's port of http; "
         "allowed: the app's port, or a number service.port does not use"]),
    "a dashboard that is not JSON": (
        {"enabled": False, "workloads": {"a": _w(grafanaDashboard={"enabled": True, "json": "{title: x}"})}},
        ["workloads.a.grafanaDashboard.json: not a JSON object; allowed: a dashboard as Grafana exports it "
         "(JSON text of an object)"]),
    "a dashboard that is a JSON list": (
        {"enabled": False, "workloads": {"a": _w(grafanaDashboard={"enabled": True, "json": " [1, 2]"})}},
        ["workloads.a.grafanaDashboard.json: not a JSON object; allowed: a dashboard as Grafana exports it "
         "(JSON text of an object)"]),
}


# -- the objects ------------------------------------------------------------------------------

def test_example_gets_service_monitors_and_a_dashboard():
    s = settings_mod.load_file(EXAMPLE)
    objs = {(o["kind"], o["metadata"]["name"]): o for o in _objects(s)}
    api, web = objs["ServiceMonitor", "api-gateway"], objs["ServiceMonitor", "frontend"]
    assert api["apiVersion"] == "monitoring.coreos.com/v1"
    assert api["spec"] == {"endpoints": [{"interval": "30s", "path": "/metrics", "port": "metrics", "scrapeTimeout": "10s"}],
                           "selector": {"matchLabels": {"app": "api-gateway"}}}
    assert web["spec"]["endpoints"] == [{"interval": "1m", "path": "/api/metrics", "port": "http"}]
    for name, monitor in (("api-gateway", api), ("frontend", web)):
        # it selects the workload's Service, by a label the Service carries, never app.kubernetes.io/*
        service = objs["Service", name]
        selector = monitor["spec"]["selector"]["matchLabels"]
        assert all(service["metadata"]["labels"][k] == v for k, v in selector.items())
        assert not any(k.startswith("app.kubernetes.io/") for k in selector)
        assert not any(k.startswith("app.kubernetes.io/") for k in service["spec"]["selector"])
        assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
        assert monitor["metadata"]["labels"]["app.kubernetes.io/name"] == name
        port = monitor["spec"]["endpoints"][0]["port"]
        assert port in [p["name"] for p in service["spec"]["ports"]]
        container = objs["Deployment", name]["spec"]["template"]["spec"]["containers"][0]
        target = next(p["targetPort"] for p in service["spec"]["ports"] if p["name"] == port)
        assert target in [p["name"] for p in container["ports"]]
        # no prometheus.io/* annotations: kube-prometheus-stack reads ServiceMonitors
        assert not any(k.startswith("prometheus.io/")
                       for k in objs["Deployment", name]["spec"]["template"]["metadata"].get("annotations", {}))
    assert {"name": "metrics", "containerPort": 9100, "protocol": "TCP"} in \
        objs["Deployment", "api-gateway"]["spec"]["template"]["spec"]["containers"][0]["ports"]
    dash = objs["ConfigMap", "api-gateway-dashboard"]
    assert dash["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert dash["metadata"]["annotations"] == {"grafana_folder": "Portfolio"}
    assert list(dash["data"]) == ["api-gateway.json"]
    assert json.loads(dash["data"]["api-gateway.json"])["uid"] == "portfolio-api-gateway"
    assert ("ConfigMap", "frontend-dashboard") not in objs


def test_nothing_without_the_settings():
    s = settings_mod.load_file(ROOT / "examples" / "portfolio.yaml")
    objs = _objects(s)
    assert not [o for o in objs if o["kind"] == "ServiceMonitor" or o["metadata"]["name"].endswith("-dashboard")]
    assert all(p["name"] != "metrics" for o in objs if o["kind"] == "Service" for p in o["spec"]["ports"])


# -- valid against the Prometheus Operator's CRD ------------------------------------------------

def crd_problems(obj: dict[str, Any]) -> list[str]:
    return helpers.crd_problems("monitoring", obj)


def _monitors(s: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in _objects(s) if o["kind"] == "ServiceMonitor"]


@pytest.mark.parametrize("case", ["example", *[k for k in VARIANTS if "ServiceMonitor with" in k]])
def test_service_monitors_are_valid_for_the_crd(case):
    s = settings_mod.load_file(EXAMPLE) if case == "example" else settings_mod.validate(VARIANTS[case])
    monitors = _monitors(s)
    assert monitors
    for m in monitors:
        assert crd_problems(m) == [], m


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system_settings())
def test_service_monitors_of_generated_systems_are_valid_for_the_crd(raw):
    s = settings_mod.validate(raw)
    for m in _monitors(s):
        assert crd_problems(m) == [], m
    for name, w in s.get("workloads", {}).items():
        if w["enabled"] and monitoring.wants_service_monitor(w):
            assert any(m["metadata"]["name"] == name for m in _monitors(s))


def test_the_crd_check_refuses_what_the_api_server_would():
    good = _monitors(settings_mod.load_file(EXAMPLE))[0]
    bad = copy.deepcopy(good)
    bad["spec"]["endpoints"][0]["interval"] = "30 seconds"
    assert any("interval" in p for p in crd_problems(bad))
    typo = copy.deepcopy(good)
    typo["spec"]["endpoints"][0]["scrapeTimout"] = "10s"
    assert crd_problems(typo) == [".spec.endpoints[0].scrapeTimout: unknown field (pruned)"]
    wrong = copy.deepcopy(good)
    wrong["spec"]["endpoints"][0]["port"] = 9100
    assert crd_problems(wrong)


# -- every route builds the same objects --------------------------------------------------------

@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("case", sorted(VARIANTS))
def test_helm_template_equals_render(case, binary, tmp_path):
    assert_parity(settings_mod.validate(VARIANTS[case]), tmp_path, binary=binary)


@pytest.mark.parametrize("case", sorted(VARIANTS))
def test_terraform_builds_what_render_builds(case, tofu):  # noqa: F811 (fixture)
    s = settings_mod.validate(VARIANTS[case])
    got = overlay_objects(tofu, tofu.write_vars("case", s))
    want = rendered(s)
    assert parity.compare(got, want, ("terraform", "render")) == []
    assert len(got) == len(want)


def test_example_parity_across_every_offline_route():
    proc = composer("parity", "--settings", str(EXAMPLE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "across 6 routes" in proc.stdout


# -- bad settings: the same words in every route --------------------------------------------------

@pytest.mark.parametrize("case", sorted(BAD))
def test_composer_refuses(case):
    data, want = BAD[case]
    assert sorted(composer_problems(data)) == want


@pytest.mark.parametrize("binary", HELMS)
@pytest.mark.parametrize("case", sorted(BAD))
def test_helm_refuses_in_the_composer_words(case, binary, tmp_path):
    data, want = BAD[case]
    merged = settings_mod.schema.fill_entry_defaults(settings_mod.schema.deep_merge(settings_mod.schema.defaults(), data))
    (tmp_path / "values.yaml").write_text(values.export(merged))
    proc = helm("template", "x", str(CHART), "-f", str(tmp_path / "values.yaml"), binary=binary, check=False)
    assert proc.returncode != 0
    assert [line.removeprefix("error: values: ") for line in proc.stderr.splitlines()
            if line.startswith("error: values: ")] == want


@pytest.mark.parametrize("case", sorted(BAD))
def test_terraform_refuses_in_the_composer_words(case, tofu):  # noqa: F811 (fixture)
    data, want = BAD[case]
    code, got = tofu_problems(tofu, _write_raw(tofu, data))
    assert code == 1
    assert sorted(got) == want


def test_helm_objects_of_the_example_are_valid_for_the_crd(tmp_path):
    (tmp_path / "values.yaml").write_text(values.export(settings_mod.load_file(EXAMPLE)))
    got = objects(helm("template", "portfolio", str(CHART), "--skip-tests", "-f", str(tmp_path / "values.yaml")).stdout)
    monitors = [o for o in got if o["kind"] == "ServiceMonitor"]
    assert len(monitors) == 2
    for m in monitors:
        assert crd_problems(m) == []
