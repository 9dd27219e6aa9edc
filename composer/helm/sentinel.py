"""Sentinel settings: every setting set to a token that cannot occur by accident, and the
Helm expression each token stands for.

Rendering these settings through the normal overlay + kustomize path yields the complete
object set with every setting-controlled value marked; `template.py` turns the marks into
template expressions. A setting missing here keeps its literal value in the chart, and
the parity tests (helm template vs composer render) catch that.
"""
from __future__ import annotations

import base64
from typing import Any

from composer import schema

FULLNAME = 'include "realtime-svg.fullname" .'


def _t(key: str) -> str:
    return f"zz{key.replace('.', '').lower()}zz"


# Scalar settings: token -> expression. Integer settings use distinct integers.
STRINGS: dict[str, str] = {
    "image.repository": ".Values.image.repository",
    "image.tag": ".Values.image.tag",
    "image.pullPolicy": ".Values.image.pullPolicy",
    "resources.requests.cpu": ".Values.resources.requests.cpu",
    "resources.requests.memory": ".Values.resources.requests.memory",
    "resources.limits.cpu": ".Values.resources.limits.cpu",
    "resources.limits.memory": ".Values.resources.limits.memory",
    "service.type": ".Values.service.type",
    "config.logLevel": ".Values.config.logLevel",
    "redis.host": ".Values.redis.host",
    "redis.image.repository": ".Values.redis.image.repository",
    "redis.image.tag": ".Values.redis.image.tag",
    "redis.image.pullPolicy": ".Values.redis.image.pullPolicy",
    "redis.resources.requests.cpu": ".Values.redis.resources.requests.cpu",
    "redis.resources.requests.memory": ".Values.redis.resources.requests.memory",
    "redis.resources.limits.cpu": ".Values.redis.resources.limits.cpu",
    "redis.resources.limits.memory": ".Values.redis.resources.limits.memory",
    "ingress.className": ".Values.ingress.className",
    "ingress.host": ".Values.ingress.host",
    "ingress.tls.secretName": f'.Values.ingress.tls.secretName | default (printf "%s-tls" ({FULLNAME}))',
    "namespace": ".Values.namespace",
}
INTEGERS: dict[str, tuple[int, str]] = {
    "replicas": (987601, ".Values.replicas"),
    "service.port": (987602, ".Values.service.port"),
    "service.nodePort": (987603, ".Values.service.nodePort"),
    "redis.port": (987604, ".Values.redis.port"),
    "podDisruptionBudget.minAvailable": (987600, ".Values.podDisruptionBudget.minAvailable"),
}
# Secret values arrive base64-encoded in the render.
SECRETS: dict[str, str] = {
    "redis.password": ".Values.redis.password",
    "secrets.apiKey": ".Values.secrets.apiKey",
}
NAME_TOKEN = _t("name")
PATH_TOKEN = "/" + _t("ingress.path")


def settings() -> dict[str, Any]:
    """The sentinel settings: complete, every component enabled."""
    s: dict[str, Any] = {}

    def put(path: str, value: Any) -> None:
        node = s
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value

    put("name", NAME_TOKEN)
    for path in STRINGS:
        put(path, _t(path))
    for path, (number, _) in INTEGERS.items():
        put(path, number)
    for path in SECRETS:
        put(path, _t(path))
    put("ingress.path", PATH_TOKEN)
    put("imagePullSecrets", [_t("imagePullSecrets")])
    put("secrets.existingSecret", "")
    put("redis.existingSecret", "")
    put("redis.enabled", True)
    put("ingress.enabled", True)
    put("ingress.annotations", {_t("ingress.annotations"): "x"})
    put("ingress.tls.enabled", True)
    put("podDisruptionBudget.enabled", True)
    put("nodeSelector", {_t("nodeSelector"): "x"})
    put("tolerations", [{"key": _t("tolerations")}])
    put("affinity", {_t("affinity"): {}})
    # the app's sentinel: no data service (their objects are templated on their own)
    s["postgresql"] = schema.defaults(schema.load()["properties"]["postgresql"])
    s["kafka"] = schema.defaults(schema.load()["properties"]["kafka"])
    # the app alone: its in-memory Redis (components/redis), not the roles of composer/redis.py
    put("enabled", True)
    redis_schema = schema.load()["properties"]["redis"]["properties"]
    for role in ("persistence", "replica", "cache"):
        s["redis"][role] = schema.defaults(redis_schema[role])
    return s


def scalar_tokens() -> dict[str, str]:
    """token (a whole string or a part of one) -> expression yielding a string."""
    tokens = {_t(path): expr for path, expr in STRINGS.items()}
    tokens.update({base64.b64encode(_t(p).encode()).decode(): f"b64enc {e}" for p, e in SECRETS.items()})
    tokens[PATH_TOKEN] = ".Values.ingress.path"
    tokens[NAME_TOKEN] = FULLNAME
    return tokens


def integer_tokens() -> dict[int, str]:
    return {number: expr for number, expr in INTEGERS.values()}
