"""TLS certificates from cert-manager (`workloads.<name>.ingress.tls.issuer`): one Certificate
per host, asked for by exactly one object, for the one Secret every Ingress of the host names;
valid for cert-manager's CRD; the same objects through Helm (tests/test_workloads.py compares
every generated system, issuers included, with the chart, and tests/test_terraform.py with the
module)."""
from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings as hsettings

from composer import render, settings as settings_mod, system, workloads, yamlio
from tests import helpers
from tests.strategies import system_settings
from tests.test_helm_chart import assert_parity

SHARED_HOST = {
    "name": "shop", "namespace": "shop", "enabled": False,
    "workloads": {
        "web": {"image": {"repository": "example.com/web", "tag": "1"}, "port": 3000,
                "ingress": {"enabled": True, "host": "shop.example.com", "path": "/",
                            "tls": {"enabled": True, "issuer": {"name": "letsencrypt"}}}},
        "api": {"image": {"repository": "example.com/api", "tag": "2"},
                "ingress": {"enabled": True, "host": "shop.example.com", "path": "/api", "tls": {"enabled": True}}},
        "admin": {"image": {"repository": "example.com/admin", "tag": "3"},
                  "ingress": {"enabled": True, "host": "admin.example.com", "path": "/",
                              "tls": {"enabled": True, "secretName": "admin-cert",
                                      "issuer": {"name": "internal-ca", "kind": "Issuer"}}}},
    },
}


def _objects(raw: dict) -> list[dict]:
    return yamlio.load_all(render.render(settings_mod.validate(copy.deepcopy(raw))))


def test_one_certificate_per_host_for_the_secret_every_ingress_of_it_names():
    objs = _objects(SHARED_HOST)
    certificates = {o["metadata"]["name"]: o for o in objs if o["kind"] == "Certificate"}
    assert sorted(certificates) == ["admin", "web"]  # the workloads that name the issuer
    web = certificates["web"]
    assert web["metadata"]["namespace"] == "shop"
    assert web["spec"] == {"secretName": "shop-example-com-tls", "dnsNames": ["shop.example.com"],
                           "issuerRef": {"group": "cert-manager.io", "kind": "ClusterIssuer", "name": "letsencrypt"}}
    assert certificates["admin"]["spec"]["issuerRef"] == {"group": "cert-manager.io", "kind": "Issuer",
                                                          "name": "internal-ca"}
    assert certificates["admin"]["spec"]["secretName"] == "admin-cert"
    tls = {o["metadata"]["name"]: o["spec"]["tls"] for o in objs if o["kind"] == "Ingress"}
    assert tls == {"web": [{"hosts": ["shop.example.com"], "secretName": "shop-example-com-tls"}],
                   "api": [{"hosts": ["shop.example.com"], "secretName": "shop-example-com-tls"}],
                   "admin": [{"hosts": ["admin.example.com"], "secretName": "admin-cert"}]}
    # the Certificate alone asks cert-manager: no Ingress carries its ingress-shim annotations
    assert not [o for o in objs if o["kind"] == "Ingress" and any(
        k.startswith("cert-manager.io/") for k in (o["metadata"].get("annotations") or {}))]
    for cert in certificates.values():
        assert helpers.crd_problems("cert-manager", cert) == []
        assert helpers.label_violations(cert) == []


def test_without_an_issuer_the_secret_is_someone_elses():
    raw = copy.deepcopy(SHARED_HOST)
    for w in raw["workloads"].values():
        w["ingress"]["tls"].pop("issuer", None)
    objs = _objects(raw)
    assert [o for o in objs if o["kind"] == "Certificate"] == []
    assert sum(1 for o in objs if o["kind"] == "Ingress" and o["spec"].get("tls")) == 3


def test_helm_makes_the_same_certificates(tmp_path):
    assert_parity(settings_mod.validate(copy.deepcopy(SHARED_HOST)), tmp_path)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system_settings())
def test_each_host_with_an_issuer_has_one_certificate_for_its_secret(raw):
    s = settings_mod.validate(raw)
    objs = yamlio.load_all(render.render(s))
    wanted = {w["ingress"]["host"]: (workloads.tls_secret_name(w["ingress"]), w["ingress"]["tls"]["issuer"])
              for w in system.active(s).values() if workloads.wants_certificate(w)}
    got = {}
    for cert in (o for o in objs if o["kind"] == "Certificate"):
        (host,) = cert["spec"]["dnsNames"]
        assert host not in got, f"two Certificates for {host}"
        got[host] = (cert["spec"]["secretName"], {k: cert["spec"]["issuerRef"][k] for k in ("name", "kind")})
        assert helpers.crd_problems("cert-manager", cert) == []
    assert got == wanted
    for ing in (o for o in objs if o["kind"] == "Ingress" and o["spec"].get("tls")):
        (entry,) = ing["spec"]["tls"]
        if entry["hosts"][0] in got:
            assert entry["secretName"] == got[entry["hosts"][0]][0]
