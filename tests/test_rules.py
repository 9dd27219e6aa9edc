"""The primitives of composer/rules.py, each in the three targets: evaluated by the composer,
rendered by real `helm template` (Helm 4 and 3) and planned by real `tofu plan`, on inputs
that pass and inputs that fail. The rules here are a test table over made-up settings, so
the compilers are tested on their own, apart from composer/rules_table.py."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from composer import rules
from composer.rules import (
    ACTIVE, And, Coalesce, Concat, Count, Each, Exists, Fmt, G, Gt, Has, In, Index, Int, IsJsonObject, Keys, List,
    Lit, Not, Pick, S, StartsWith, Var, check, claim, compare, not_reserved, refers_to, requires, unique,
)
from tests.helpers import ROOT, helm

N, W = Var("n"), Var("w")
WORKLOADS = (Each("n", "w", ACTIVE),)

TABLE = [
    requires(G(S, "a"), G(S, "b"), "a", "{at}: true, but b is false; allowed: b: true with it"),
    compare(Int(G(S, "max")), Int(G(S, "min")), "max", "{at}: {a} is below min ({b}); allowed: at least min",
            when=G(S, "scaling")),
    not_reserved(N, (G(S, "name"), Fmt("{x}-cache", {"x": G(S, "name")})), Fmt("workloads.{n}", {"n": N}),
                 '{at}: "{name}" is taken by "{app}"; allowed: a name not in {reserved}', WORKLOADS, app=G(S, "name")),
    refers_to(G(W, "ref"), ACTIVE, Fmt("workloads.{n}.ref", {"n": N}),
              '{at}: "{target}" is not a workload; allowed: one of {listed}', WORKLOADS, when=Has(W, Lit("ref"))),
    requires(And(Has(W, Lit("ref")), Has(ACTIVE, G(W, "ref"))), Index(ACTIVE, G(W, "ref"), ("open",), False),
             Fmt("workloads.{n}.ref", {"n": N}), '{at}: "{target}" is not open; allowed: a workload with open: true',
             WORKLOADS, target=G(W, "ref")),
    # hosts across the settings and the workloads: the settings' claim first, then by name
    unique((claim("host", (G(S, "host"),), G(S, "host"), when=G(S, "served")),
            claim(Fmt("workloads.{n}.host", {"n": N}), (G(W, "host"),), G(W, "host"), loops=WORKLOADS)),
           "{at}: {shown} is already served by {first}; allowed: one workload per host"),
    # ports within each workload; the service port only counts as a first claim
    unique((claim(Fmt("workloads.{n}.port", {"n": N}), (Int(G(W, "port")),), Int(G(W, "port"))),
            claim(Fmt("workloads.{n}.svc", {"n": N}), (Int(Coalesce(G(W, "svc"), G(W, "port"))),),
                  Int(Coalesce(G(W, "svc"), G(W, "port"))), refusable=False),
            claim(Fmt("workloads.{n}.extra.{p}", {"n": N, "p": Var("p")}), (Int(Var("num")),), Int(Var("num")),
                  loops=(Each("p", "num", G(W, "extra")),))),
           "{at}: {shown} is already used by {first}; allowed: a number no other port uses", loops=WORKLOADS),
    requires(Exists(Each("n", "w", ACTIVE), Has(W, Lit("flag"))), G(S, "flags"), "flags",
             "{at}: false, but a workload is flagged; allowed: flags: true"),
    check(StartsWith(G(S, "name"), Lit("pg_")), "name", '{at}: "{v}" starts with pg_', v=G(S, "name")),
    check(Not(IsJsonObject(G(S, "doc"))), "doc", "{at}: not a JSON object"),
    check(In(Int(G(S, "port")), Keys(G(S, "ports"), values=True)), "port", "{at}: {p} is an extra port too",
          p=Int(G(S, "port"))),
    # each name once among the workload's vars and, when it has a ref, REF
    check(Gt(Count(Concat((Keys(G(W, "vars"), values=True), Pick(Has(W, Lit("ref")), List((Lit("REF"),)), List(())))),
                   Var("v")), Lit(1)),
          Fmt("workloads.{n}.vars.{k}", {"n": N, "k": Var("k")}), "{at}: {v} is used twice",
          WORKLOADS + (Each("k", "v", G(W, "vars")),), v=Var("v")),
]

BASE = {"a": False, "b": False, "scaling": True, "max": 3, "min": 2, "name": "app", "host": "h", "served": True,
        "flags": False, "doc": '{"a": 1}', "port": 80, "ports": {"x": 81}}


def _w(**kw):
    return {"host": kw.pop("host", None) or "w.example", "port": 80, "svc": None, "extra": {}, "open": True,
            "vars": {}, **kw}


# (settings, enabled workloads, the problems every target finds)
CASES = {
    "all pass": (BASE, {"x": _w(host="x"), "y": _w(host="y", ref="x", svc=8080, extra={"m": 9090})}, []),
    "requires": ({**BASE, "a": True}, {}, ["a: true, but b is false; allowed: b: true with it"]),
    "requires met": ({**BASE, "a": True, "b": True}, {}, []),
    "compare": ({**BASE, "max": 1, "min": 2}, {}, ["max: 1 is below min (2); allowed: at least min"]),
    "compare off": ({**BASE, "max": 1, "min": 2, "scaling": False}, {}, []),
    "reserved": (BASE, {"app-cache": _w(host="c")},
                 ['workloads.app-cache: "app-cache" is taken by "app"; allowed: a name not in app, app-cache']),
    "refers to nothing": (BASE, {"x": _w(host="x", ref="nope"), "y": _w(host="y")},
                          ['workloads.x.ref: "nope" is not a workload; allowed: one of x, y']),
    "refers to a closed one": (BASE, {"x": _w(host="x", ref="y"), "y": _w(host="y", open=False)},
                               ['workloads.x.ref: "y" is not open; allowed: a workload with open: true']),
    "unique across": ({**BASE, "host": "x"}, {"a": _w(host="x"), "b": _w(host="x")},
                      ["workloads.a.host: x is already served by host; allowed: one workload per host",
                       "workloads.b.host: x is already served by host; allowed: one workload per host"]),
    "unique, the first wins": ({**BASE, "served": False}, {"a": _w(host="x"), "b": _w(host="x"), "c": _w(host="x")},
                               ["workloads.b.host: x is already served by workloads.a.host; allowed: one workload per host",
                                "workloads.c.host: x is already served by workloads.a.host; allowed: one workload per host"]),
    "unique within each workload": (BASE, {"a": _w(host="a", svc=80, extra={"p": 80, "q": 81, "r": 81}),
                                           "b": _w(host="b", extra={"p": 81})},
                                    ["workloads.a.extra.p: 80 is already used by workloads.a.port; "
                                     "allowed: a number no other port uses",
                                     "workloads.a.extra.r: 81 is already used by workloads.a.extra.q; "
                                     "allowed: a number no other port uses"]),
    "not refusable": (BASE, {"a": _w(host="a", svc=80, extra={"p": 8080})}, []),
    "exists": (BASE, {"a": _w(host="a"), "b": _w(host="b", flag=1)},
               ["flags: false, but a workload is flagged; allowed: flags: true"]),
    "exists, met": ({**BASE, "flags": True}, {"b": _w(host="b", flag=1)}, []),
    "starts with": ({**BASE, "name": "pg_x"}, {}, ['name: "pg_x" starts with pg_']),
    "not JSON": ({**BASE, "doc": "{a: 1}"}, {}, ["doc: not a JSON object"]),
    "a JSON list": ({**BASE, "doc": "[1]"}, {}, ["doc: not a JSON object"]),
    "a number in a mapping's values": ({**BASE, "ports": {"x": 81, "y": 80}}, {}, ["port: 80 is an extra port too"]),
    "counted, with a list picked": (BASE, {"a": _w(host="a", ref="a", vars={"p": "REF", "q": "X", "r": "X"})},
                                    ["workloads.a.vars.p: REF is used twice", "workloads.a.vars.q: X is used twice",
                                     "workloads.a.vars.r: X is used twice"]),
    "counted, nothing picked": (BASE, {"a": _w(host="a", vars={"p": "REF", "q": "X"})}, []),
}


def _lines(pairs) -> list[str]:
    return sorted(f"{at}: {m}" if not m.startswith(f"{at}: ") else m for at, m in pairs)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_composer_evaluates_the_primitives(case):
    s, active, want = CASES[case]
    got = list(rules.evaluate(TABLE, {"s": s, "active": active}))
    assert all(m.startswith(f"{at}: ") for at, m in got)
    assert sorted(m for _, m in got) == sorted(want)


def test_the_evaluation_names_where_each_problem_is():
    s, active, _ = CASES["unique within each workload"]
    assert [at for at, _ in rules.evaluate(TABLE, {"s": s, "active": active})] == [
        "workloads.a.extra.p", "workloads.a.extra.r"]


@pytest.fixture(scope="module")
def chart(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("rules-chart")
    (d / "templates").mkdir()
    (d / "Chart.yaml").write_text("apiVersion: v2\nname: rules\nversion: 0.1.0\n")
    (d / "templates" / "_rules.tpl").write_text(rules.go_helper("t.rules", TABLE))
    (d / "templates" / "out.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: out\ndata:\n"
        "  problems: {{ include \"t.rules\" (dict \"root\" . \"active\" .Values.active) | quote }}\n")
    return d


@pytest.mark.parametrize("binary", ["helm", "helm3"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_helm_renders_the_primitives(case, binary, chart, tmp_path):
    s, active, want = CASES[case]
    values = tmp_path / "values.yaml"
    values.write_text(json.dumps({**s, "active": active}))
    proc = helm("template", "t", str(chart), "-f", str(values), binary=binary)
    import yaml

    doc = yaml.safe_load(proc.stdout)
    problems = json.loads(doc["data"]["problems"])
    # "at: message" lines (checkSystem strips the first "at: ")
    assert sorted(p.split(": ", 1)[1] for p in problems) == sorted(want)


TOFU = ROOT / "bin" / "tofu"


@pytest.fixture(scope="module")
def module(tmp_path_factory) -> Path:
    if not TOFU.exists():
        pytest.fail("bin/tofu missing: run `make tools`", pytrace=False)
    d = tmp_path_factory.mktemp("rules-module")
    (d / "main.tf").write_text(
        'variable "s" {\n  type = any\n}\nvariable "active" {\n  type = any\n}\n'
        "locals {\n  s         = var.s\n  workloads = var.active\n}\n"
        'output "problems" {\n  value = local.t_problems\n}\n')
    (d / "rules.tf").write_text(rules.hcl_locals("t", TABLE))
    return d


def _tofu(d: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1", "PATH": "/usr/bin:/bin",
           "HOME": str(d)}
    return subprocess.run([str(TOFU), f"-chdir={d}", *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("case", sorted(CASES))
def test_tofu_plans_the_primitives(case, module, tmp_path):
    s, active, want = CASES[case]
    work = tmp_path / "m"
    work.mkdir()
    for f in module.iterdir():
        (work / f.name).write_text(f.read_text())
    (work / "t.tfvars.json").write_text(json.dumps({"s": s, "active": active}))
    proc = _tofu(work, "plan", "-no-color", "-var-file=t.tfvars.json", "-out=p")
    assert proc.returncode == 0, proc.stderr
    shown = _tofu(work, "show", "-json", "p")
    assert shown.returncode == 0, shown.stderr
    problems = json.loads(shown.stdout)["planned_values"]["outputs"]["problems"]["value"]
    assert sorted(problems) == sorted(want)
