"""Volumes on the local cluster: the default StorageClass local-path, served by
hack/go-tools/hostpath-provisioner (started by hack/cluster.sh up), binds claims the way
K3s's local-path provisioner does: a claim without a storageClassName plus a pod using it
-> the claim Bound to a hostPath volume pinned to the pod's node, a directory under
.cluster/volumes/, the pod Ready; a StatefulSet's volumeClaimTemplates -> one bound claim
per replica; a deleted claim -> the volume and its directory gone. Every pod satisfies Pod
Security "restricted" (the namespaces enforce it)."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.live.cluster import Cluster, cluster_dir

PROVISIONER = "realtime-svg.local/hostpath"
TIMEOUT = "60s"

# what "restricted" asks of a pod; the image is never pulled (kwok runs no containers)
POD_SECURITY = {"runAsNonRoot": True, "runAsUser": 10001, "seccompProfile": {"type": "RuntimeDefault"}}
CONTAINER = {
    "name": "app",
    "image": "registry.k8s.io/pause:3.10",
    "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}},
    "volumeMounts": [{"name": "data", "mountPath": "/data"}],
}


def apply(cluster: Cluster, ns: str, *objects: dict[str, Any]) -> None:
    cluster.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": list(objects)}))


def claim(name: str, access_mode: str = "ReadWriteOnce") -> dict[str, Any]:
    """A claim with no storageClassName: the default class's."""
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
            "spec": {"accessModes": [access_mode], "resources": {"requests": {"storage": "1Gi"}}}}


def pod(name: str, claim_name: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"securityContext": POD_SECURITY, "containers": [CONTAINER],
                     "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": claim_name}}]}}


def wait_bound(cluster: Cluster, ns: str, *claims: str) -> None:
    cluster.kubectl("wait", "-n", ns, "--for=jsonpath={.status.phase}=Bound", f"--timeout={TIMEOUT}",
                    *[f"pvc/{c}" for c in claims])


def wait_volumes_gone(cluster: Cluster, *pvs: str) -> None:
    cluster.kubectl("wait", "--for=delete", f"--timeout={TIMEOUT}", *[f"pv/{p}" for p in pvs])


def first_event(cluster: Cluster, ns: str, field_selector: str, timeout: int = 60) -> str | None:
    """The message of the first event matching ``field_selector``, watched for up to ``timeout`` s."""
    from kubernetes import client, config, watch

    api = client.CoreV1Api(config.new_client_from_config(config_file=str(cluster.kubeconfig)))
    for event in watch.Watch().stream(api.list_namespaced_event, ns, field_selector=field_selector,
                                      timeout_seconds=timeout):
        if event["type"] in ("ADDED", "MODIFIED"):
            return event["object"].message
    return None


def check_volume(cluster: Cluster, ns: str, claim_name: str, node: str) -> tuple[str, Path]:
    """The claim's PV as local-path would make it; returns (PV name, its directory)."""
    pvc = cluster.json("get", "pvc", claim_name, "-n", ns)
    assert pvc["spec"]["storageClassName"] == "local-path", "the default class was not applied to the claim"
    pv = cluster.json("get", "pv", pvc["spec"]["volumeName"])
    assert pv["metadata"]["annotations"]["pv.kubernetes.io/provisioned-by"] == PROVISIONER
    spec = pv["spec"]
    assert spec["claimRef"]["namespace"] == ns and spec["claimRef"]["name"] == claim_name
    assert spec["persistentVolumeReclaimPolicy"] == "Delete"
    assert spec["capacity"]["storage"] == "1Gi"
    assert spec["accessModes"] == pvc["spec"]["accessModes"]
    # WaitForFirstConsumer: made for the node the scheduler chose for the pod, and pinned to it
    assert spec["nodeAffinity"]["required"]["nodeSelectorTerms"] == [{"matchExpressions": [
        {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]
    path = Path(spec["hostPath"]["path"])
    assert path.parent == cluster_dir() / "volumes" and path.name == f"{pv['metadata']['name']}_{ns}_{claim_name}"
    assert path.is_dir(), f"{path}: no volume directory"
    return pv["metadata"]["name"], path


@pytest.fixture(scope="module")
def default_class(cluster: Cluster) -> dict[str, Any]:
    classes = cluster.json("get", "storageclass")["items"]
    defaults = [c for c in classes
                if c["metadata"].get("annotations", {}).get("storageclass.kubernetes.io/is-default-class") == "true"]
    if cluster.kubeconfig.resolve() != (cluster_dir() / "kubeconfig").resolve() and \
            not any(c["provisioner"] == PROVISIONER for c in defaults):
        pytest.skip(f"RSVG_KUBECONFIG's cluster has no default StorageClass of {PROVISIONER}")
    assert len(defaults) == 1, f"default StorageClasses: {[c['metadata']['name'] for c in defaults]}"
    return defaults[0]


def test_default_storage_class_is_local_path(default_class):
    assert default_class["metadata"]["name"] == "local-path"
    assert default_class["provisioner"] == PROVISIONER
    assert default_class["volumeBindingMode"] == "WaitForFirstConsumer"
    assert default_class["reclaimPolicy"] == "Delete"


def test_claim_without_class_bound_and_deleted(cluster, namespace, default_class):
    ns = namespace("storage")
    start = time.monotonic()
    apply(cluster, ns, claim("data"), pod("user", "data"))
    wait_bound(cluster, ns, "data")
    bound_after = time.monotonic() - start
    cluster.kubectl("wait", "-n", ns, "--for=condition=Ready", f"--timeout={TIMEOUT}", "pod/user")
    node = cluster.json("get", "pod", "user", "-n", ns)["spec"]["nodeName"]
    pv, path = check_volume(cluster, ns, "data", node)
    print(f"claim + pod created -> claim Bound in {bound_after:.2f}s ({pv} on {node})")

    (path / "written-by-the-test").write_text("x")  # a volume with content is removed too
    cluster.kubectl("delete", "-n", ns, "pod/user", "pvc/data", f"--timeout={TIMEOUT}")
    wait_volumes_gone(cluster, pv)
    assert not path.exists(), f"{path} left behind after its claim was deleted"


def test_statefulset_claim_templates(cluster, namespace, default_class):
    ns = namespace("storage")
    labels = {"app": "db"}
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"},
               "spec": {"clusterIP": "None", "selector": labels, "ports": [{"name": "pg", "port": 5432}]}}
    statefulset = {
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
        "spec": {
            "serviceName": "db", "replicas": 2, "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels},
                         "spec": {"securityContext": POD_SECURITY, "containers": [CONTAINER]}},
            "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": claim("data")["spec"]}],
        },
    }
    apply(cluster, ns, service, statefulset)
    cluster.kubectl("rollout", "status", "statefulset/db", "-n", ns, f"--timeout={TIMEOUT}")
    claims = ["data-db-0", "data-db-1"]
    wait_bound(cluster, ns, *claims)
    sts = cluster.json("get", "statefulset", "db", "-n", ns)
    assert sts["status"].get("readyReplicas") == 2

    volumes = {}
    for i, claim_name in enumerate(claims):
        node = cluster.json("get", "pod", f"db-{i}", "-n", ns)["spec"]["nodeName"]
        volumes[claim_name] = check_volume(cluster, ns, claim_name, node)
    assert len({path for _, path in volumes.values()}) == 2, "the replicas share a directory"

    # The claims outlive the StatefulSet (retention policy Retain, the default): delete them.
    cluster.kubectl("delete", "-n", ns, "statefulset/db", "--cascade=foreground", f"--timeout={TIMEOUT}")
    cluster.kubectl("wait", "-n", ns, "--for=delete", f"--timeout={TIMEOUT}", "pod/db-0", "pod/db-1")
    cluster.kubectl("delete", "-n", ns, *[f"pvc/{c}" for c in claims], f"--timeout={TIMEOUT}")
    wait_volumes_gone(cluster, *[pv for pv, _ in volumes.values()])
    for pv, path in volumes.values():
        assert not path.exists(), f"{path} ({pv}) left behind after its claim was deleted"


def test_read_write_many_is_refused_like_local_path(cluster, namespace, default_class):
    """K3s's local-path refuses ReadWriteMany: so does this provisioner, so that what works
    here works there. The claim gets a ProvisioningFailed event and no volume."""
    ns = namespace("storage")
    apply(cluster, ns, claim("shared", "ReadWriteMany"), pod("user", "shared"))
    message = first_event(cluster, ns, "involvedObject.kind=PersistentVolumeClaim,involvedObject.name=shared,"
                                       "reason=ProvisioningFailed")
    assert message is not None, "no ProvisioningFailed event for a ReadWriteMany claim"
    assert "ReadWriteMany" in message
    pvc = cluster.json("get", "pvc", "shared", "-n", ns)
    assert pvc["status"]["phase"] == "Pending" and not pvc["spec"].get("volumeName")
