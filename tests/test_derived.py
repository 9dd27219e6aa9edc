"""The data services' derived values (composer/derived.py) and NetworkPolicy edges
(composer/edges.py): each is one expression, and what the composer computes from it is what
the chart's generated named templates print (real helm) and what the module's generated
locals hold (real `tofu console`), for many settings.

The parity and property tests prove the objects agree; this proves the three compilations of
each expression agree directly, value by value, so a mistake in a compiler is caught at the
value it breaks, not somewhere in a 400-object diff."""
from __future__ import annotations

import copy
import json
import shutil
import subprocess

import pytest
import yaml

from composer import derived, paths, settings as settings_mod
from composer.helm import values as helm_values
from composer.terraform import files as tf_files
from tests.helpers import ROOT, env

HELM = ROOT / "bin" / "helm"
TOFU = ROOT / "bin" / "tofu"
CHART = ROOT / "helm-wrapper" / "realtime-svg"


def _systems() -> list[dict]:
    """Every example, and variations that move each derived value and edge: node counts,
    external servers, existing Secrets, database owners, pull secrets, Redis roles, another
    name, NetworkPolicies."""
    out = []
    for example in sorted(paths.EXAMPLES.glob("*.yaml")):
        out.append(settings_mod.load_file(example))
    base = settings_mod.load_file(paths.EXAMPLES / "saga.yaml")
    variations = [
        {"kafka": {"nodes": 1}},
        {"kafka": {"nodes": 3}, "name": "other"},
        {"kafka": {"enabled": False, "bootstrapServers": "b1.example:9092,b2.example:9094"}},
        {"postgresql": {"enabled": False, "host": "db.example", "port": 6543, "existingSecret": "pg-creds"}},
        {"postgresql": {"databases": {"zeta": {"owner": "zed"}, "alpha": {"owner": ""}}}, "imagePullSecrets": ["a", "b"]},
        {"redis": {"replica": {"count": 2}, "cache": {"enabled": True}, "existingSecret": "redis-creds"}},
        {"redis": {"enabled": False, "host": "redis.example", "port": 7000, "replica": {"count": 0}, "cache": {"enabled": True}}},
        {"networkPolicy": {"enabled": True}, "kafka": {"enabled": False, "bootstrapServers": "k1:9092,k2:9094,k3:9092"}},
    ]
    for change in variations:
        raw = copy.deepcopy(base)
        settings_mod_merge(raw, change)
        out.append(settings_mod.validate(raw))
    return out


def settings_mod_merge(into: dict, change: dict) -> None:
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            settings_mod_merge(into[key], value)
        else:
            into[key] = value


def _python(s: dict) -> dict:
    """name -> value for the system-wide values; name/workload -> value for the per-workload ones;
    "edges": the NetworkPolicy edges (composer/edges.py), sorted, each once."""
    from composer import netpol

    out = {"edges": sorted({" ".join([e.source.kind, e.source.name, e.target.kind, e.target.name, str(e.port)])
                            for e in netpol.edges(s)})}
    for _, table in derived.tables():
        out.update(derived.evaluate(table, s))
        for n, w in sorted(s["workloads"].items()):
            for d in table:
                if d.per_workload and w["enabled"] and _dig(w, d.per_workload):
                    params = {p.name: _dig(w, p.workload_path) for p in d.params}
                    out[f"{d.name}/{n}"] = derived.evaluate(table, s, **params)[d.name]
    return out


def _dig(node: dict, dotted: str):
    for key in dotted.split("."):
        node = node[key]
    return node


def _helm_template() -> str:
    """A ConfigMap whose data.values is every derived value, as the chart's helpers print them."""
    sets = []
    for _, table in derived.tables():
        for d in table:
            if d.per_workload:
                args = " ".join(f'"{p.name}" (dig {" ".join(json.dumps(k) for k in p.workload_path.split("."))} "" $w)'
                                for p in d.params)
                sets.append(f'{{{{- range $n, $w := .Values.workloads }}}}'
                            f'{{{{- if and $w.enabled (dig {" ".join(json.dumps(k) for k in d.per_workload.split("."))} false $w) }}}}'
                            f'{{{{- $_ := set $out (printf "{d.name}/%s" $n) (include "realtime-svg.{d.name}" (dict "root" $ {args})) }}}}'
                            f'{{{{- end }}}}{{{{- end }}}}')
            else:
                sets.append(f'{{{{- $_ := set $out "{d.name}" (include "realtime-svg.{d.name}" .) }}}}')
    return ("{{- $out := dict }}\n" + "\n".join(sets) + "\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: derived\n"
            "data:\n  values: {{ toJson $out | quote }}\n")


def _helm_values(tmp_path, systems) -> list[dict]:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    shutil.copy(CHART / "Chart.yaml", chart / "Chart.yaml")
    shutil.copy(CHART / "templates" / "_helpers.tpl", chart / "templates" / "_helpers.tpl")
    (chart / "templates" / "derived.yaml").write_text(_helm_template())
    out = []
    for i, s in enumerate(systems):
        values = tmp_path / f"values-{i}.yaml"
        values.write_text(yaml.safe_dump(s))
        proc = subprocess.run([str(HELM), "template", "rel", str(chart), "-f", str(values),
                               *helm_values.release_namespace_args(s)],
                              env=env(), capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        values = json.loads(yaml.safe_load(proc.stdout)["data"]["values"])
        values["edges"] = _python(s)["edges"]  # the chart's policies are compared by the parity tests
        out.append(values)
    return out


def _tofu_values(tmp_path, systems) -> list[dict]:
    work = tmp_path / "tofu"
    work.mkdir()
    (work / "derived.tf").write_text(tf_files.derived_tf())
    (work / "edges.tf").write_text(tf_files.edges_tf())
    (work / "main.tf").write_text(
        'variable "s" {\n  type = any\n}\n'
        "locals {\n  s         = var.s\n  workloads = { for n, w in local.s.workloads : n => w if w.enabled }\n}\n")
    fields = []
    for _, table in derived.tables():
        for d in table:
            if d.per_workload:
                fields.append(f'{{ for n, v in local.{d.local} : "{d.name}/${{n}}" => v }}')
            else:
                fields.append(f'{{ "{d.name}" = local.{d.local} }}')
    fields.append('{ "edges" = [for e in local.np_edge_list : join(" ", [for x in e : tostring(x)])] }')
    query = f"jsonencode(merge({', '.join(fields)}))"
    (work / "empty.tfrc").write_text("")  # no provider is needed: no CLI configuration either
    out = []
    for i, s in enumerate(systems):
        tfvars = work / f"s-{i}.tfvars.json"
        tfvars.write_text(json.dumps({"s": s}))
        proc = subprocess.run([str(TOFU), "console", f"-var-file={tfvars}"], cwd=work, input=query,
                              env={**env(), "TF_IN_AUTOMATION": "1", "TF_CLI_CONFIG_FILE": str(work / "empty.tfrc")},
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        values = json.loads(json.loads(proc.stdout))
        values["edges"] = sorted(set(values["edges"]))
        out.append(values)
    return out


@pytest.mark.slow
def test_python_helm_and_tofu_compute_every_derived_value_alike(tmp_path):
    if not TOFU.exists():
        pytest.skip("bin/tofu missing: run `make tools`")
    systems = _systems()
    want = [_python(s) for s in systems]
    assert any(k.startswith("postgresqlDigest/") for w in want for k in w)
    assert any(k.startswith("redisDigest/") for w in want for k in w)
    assert len({w["kafkaVoters"] for w in want}) >= 3
    for label, got in (("helm", _helm_values(tmp_path, systems)), ("tofu", _tofu_values(tmp_path, systems))):
        for s, expected, actual in zip(systems, want, got):
            assert actual == expected, f"{label}, settings name={s['name']}: " + "; ".join(
                f"{k}: composer {expected.get(k)!r}, {label} {actual.get(k)!r}"
                for k in sorted(set(expected) | set(actual)) if expected.get(k) != actual.get(k))


def test_every_derived_value_is_named_once_and_documented():
    names = [d.name for _, table in derived.tables() for d in table]
    assert len(names) == len(set(names))
    for module, table in derived.tables():
        prefix = module.rsplit(".", 1)[-1]
        for d in table:
            assert d.name.startswith(prefix) and d.doc, (module, d.name)
            assert all(p.workload_path.startswith(prefix) for p in d.params) and (bool(d.params) == bool(d.per_workload))
