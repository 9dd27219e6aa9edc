"""A short table of what a render creates: for `make demo` and for a user who wants to
see the effect of a settings file before installing it."""
from __future__ import annotations

from typing import Any

from composer import yamlio


def describe(obj: dict[str, Any]) -> str:
    kind, spec = obj["kind"], obj.get("spec", {})
    if kind == "Deployment":
        c = spec["template"]["spec"]["containers"][0]
        r = c.get("resources", {})
        replicas = spec["replicas"] if "replicas" in spec else "(autoscaled)"
        return (f"replicas={replicas} image={c['image']} "
                f"cpu={r.get('requests', {}).get('cpu')}/{r.get('limits', {}).get('cpu')} "
                f"mem={r.get('requests', {}).get('memory')}/{r.get('limits', {}).get('memory')}")
    if kind == "Service":
        ports = ",".join(str(p["port"]) + (f"->node:{p['nodePort']}" if "nodePort" in p else "") for p in spec["ports"])
        return f"type={spec.get('type', 'ClusterIP')} ports={ports}"
    if kind == "Ingress":
        rule = spec["rules"][0]
        scheme = "https" if spec.get("tls") else "http"
        return f"{scheme}://{rule['host']}{rule['http']['paths'][0]['path']} class={spec.get('ingressClassName', '(default)')}"
    if kind == "ConfigMap":
        return " ".join(f"{k}={v}" for k, v in obj.get("data", {}).items())
    if kind == "Secret":
        keys = obj.get("data", {})
        return "keys=" + ",".join(f"{k}({'set' if v else 'empty'})" for k, v in keys.items())
    if kind == "HorizontalPodAutoscaler":
        targets = ",".join(f"{m['resource']['name']}={m['resource']['target']['averageUtilization']}%"
                           for m in spec.get("metrics", []))
        return f"replicas={spec['minReplicas']}..{spec['maxReplicas']} targets={targets or '(none)'}"
    if kind == "PodDisruptionBudget":
        return f"minAvailable={spec.get('minAvailable')}"
    return ""


def table(rendered: str) -> str:
    rows = []
    for obj in yamlio.load_all(rendered):
        if obj:
            ns = obj["metadata"].get("namespace", "(current)")
            rows.append((obj["kind"], obj["metadata"]["name"], ns, describe(obj)))
    widths = [max(len(r[i]) for r in rows + [("KIND", "NAME", "NAMESPACE", "")]) for i in range(3)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(("KIND", "NAME", "NAMESPACE"), widths)) + "  DETAILS"]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3] for r in rows]
    return "\n".join(lines) + "\n"
