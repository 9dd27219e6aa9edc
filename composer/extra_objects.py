"""Objects of your own (settings `extraObjects`): what the vocabulary cannot express, added by
every route as written, in the system's namespace.

The overlay lists them in one file, ``extra-objects.yaml``, a resource of its top
kustomization, so kustomize sets the namespace the settings name; each carries the recommended
labels that say whose it is (``labels``: instance and part-of the system, component
``extra-objects``, name its own; labels written in the settings win), so that
`-l app.kubernetes.io/instance=<name>` finds it with the rest. The chart writes each entry
the same way, the Terraform module adds each to its objects the same way, and Pulumi builds
the overlay. A cluster-scoped object cannot be
put in a namespace, and would outlive the namespace's uninstall order, so those kinds are
refused (composer/rules_table.py), as is an entry that names its own namespace.
"""
from __future__ import annotations

from typing import Any

FILE = "extra-objects.yaml"

# Kinds that live outside namespaces (kubectl api-resources --namespaced=false of Kubernetes
# 1.35, and the cluster-wide kinds of the operators the recipes name).
CLUSTER_SCOPED = (
    "APIService", "CSIDriver", "CSINode", "CertificateSigningRequest", "ClusterExternalSecret", "ClusterIssuer",
    "ClusterRole", "ClusterRoleBinding", "ClusterSecretStore", "ClusterTrustBundle", "ComponentStatus",
    "CustomResourceDefinition", "DeviceClass", "FlowSchema", "IngressClass", "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding", "MutatingWebhookConfiguration", "Namespace", "Node", "PersistentVolume",
    "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass", "SelfSubjectAccessReview", "SelfSubjectReview",
    "SelfSubjectRulesReview", "StorageClass", "SubjectAccessReview", "TokenReview", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "VolumeAttachment",
)


COMPONENT = "extra-objects"


def labels(system: str, name: str) -> dict[str, str]:
    """The recommended labels of an extra object ``name`` of the system ``system`` (no version:
    the object has none of its own)."""
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": system,
            "app.kubernetes.io/component": COMPONENT, "app.kubernetes.io/part-of": system}


def wanted(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The objects as the overlay lists them: as written, with the recommended labels."""
    out = []
    for o in settings.get("extraObjects") or []:
        meta = dict(o["metadata"])
        meta["labels"] = {**labels(settings["name"], meta["name"]), **(meta.get("labels") or {})}
        out.append({**o, "metadata": meta})
    return out
