"""The local cluster's volume provisioner (hack/go-tools/hostpath-provisioner) and its
StorageClass, without a cluster: the pins agree with the cluster's Kubernetes release, and
the class is what K3s's local-path is. tests/live/test_storage_live.py runs it."""
from __future__ import annotations

import re

import yaml

from tests.helpers import ROOT

WRAPPER = ROOT / "hack" / "go-tools" / "hostpath-provisioner"


def _pins() -> dict[str, str]:
    text = (ROOT / "hack" / "build-go-tools.sh").read_text()
    return dict(re.findall(r"^([A-Z_]+_VERSION)=(\S+)", text, re.M))


def test_client_go_is_the_clusters_release():
    pins = _pins()
    staging = "v0." + pins["KUBERNETES_VERSION"].removeprefix("v1.")
    gomod = (WRAPPER / "go.mod").read_text()
    for module in ("k8s.io/client-go", "k8s.io/api", "k8s.io/apimachinery"):
        assert re.search(rf"^\s*{re.escape(module)} {re.escape(staging)}$", gomod, re.M), f"{module} is not {staging}"
    assert re.search(rf"^require sigs\.k8s\.io/sig-storage-lib-external-provisioner/v13 {pins['STORAGE_LIB_VERSION']}$",
                     gomod, re.M)
    assert "sig-storage-lib-external-provisioner/v13 " + pins["STORAGE_LIB_VERSION"] in (WRAPPER / "go.sum").read_text()


def test_storage_class_is_the_default_local_path_of_our_provisioner():
    sc = yaml.safe_load((ROOT / "hack" / "kwok" / "storageclass.yaml").read_text())
    assert sc["kind"] == "StorageClass" and sc["metadata"]["name"] == "local-path"
    assert sc["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": "true"}
    assert sc["volumeBindingMode"] == "WaitForFirstConsumer" and sc["reclaimPolicy"] == "Delete"
    default_name = re.search(r'flag\.String\("provisioner-name", "([^"]+)"', (WRAPPER / "main.go").read_text())[1]
    assert sc["provisioner"] == default_name
