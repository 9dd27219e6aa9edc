"""Live tests: a real kube-apiserver (hack/cluster.sh, or the cluster RSVG_KUBECONFIG
names). Every test here is marked `live`; `make test` runs them, `-m "not live"` skips them."""
from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.live.cluster import Cluster, running_cluster
from tests.live.outputs import RECORDER, SCANS


def pytest_collection_modifyitems(items):
    for item in items:
        if "/live/" in str(item.fspath):
            item.add_marker(pytest.mark.live)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Record route commands only while a live test runs (its fixtures included): the offline
    tests that run in the same session check their own outputs, and one of them prints a
    secret on purpose (tests/test_no_secret_leak.py's xfail: OpenTofu's refusal message)."""
    RECORDER.active = "/live/" in str(item.fspath)
    yield
    RECORDER.active = False


@pytest.fixture(scope="session", autouse=True)
def _no_secret_in_any_output(request):
    """Issue 13 item 5 over the whole live session (tests/live/outputs.py): every route command
    the live tests run is recorded; at the end no output may hold a secret any command was given."""
    mp = pytest.MonkeyPatch()
    RECORDER.install(mp)
    yield RECORDER
    mp.undo()
    leaks = RECORDER.leaks()
    # the secret values as digests: two processes were handed many of the same ones, and the
    # summary counts each value once
    digests = sorted(hashlib.sha256(value.encode()).hexdigest() for value in RECORDER.secrets)
    SCANS.append((len(RECORDER.records), digests, len(leaks)))
    worker_output = getattr(request.config, "workeroutput", None)
    if worker_output is not None:  # a pytest-xdist worker: the controller prints the total
        worker_output["secret_scan"] = SCANS[-1]
    assert not leaks, "secrets in the output of the live tests' commands:\n" + "\n".join(leaks[:50])


def _own_cluster_for_this_worker() -> None:
    """Under pytest-xdist (make test runs the live tests on two processes), every worker but the
    first gets a local control plane of its own: <repo>/.cluster-gwN, named realtime-svg-gwN. A
    shared one would not do: test_faults_live restarts its API server, and a cluster-wide change
    must not land in the middle of another worker's install. The first worker uses <repo>/.cluster
    (a cluster `make cluster-up` started is used, and left running). RSVG_KUBECONFIG names one
    cluster for all: make test then runs the live tests in one process."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if worker != "gw0" and not os.environ.get("RSVG_KUBECONFIG"):
        os.environ["RSVG_CLUSTER_DIR"] = str(ROOT / f".cluster-{worker}")
        os.environ["RSVG_CLUSTER_NAME"] = f"realtime-svg-{worker}"


def _start_lock() -> Path:
    """One lock file per checkout, outside it (a file in the repository would be one more thing
    a user sees there)."""
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"realtime-svg-cluster-start-{digest}.lock"


@pytest.fixture(scope="session")
def cluster():
    if os.environ.get("RSVG_KUBECONFIG") and int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
        pytest.fail("RSVG_KUBECONFIG names one cluster, and the live tests of several processes must not share "
                    "one (test_faults_live restarts its API server): run them in one process (-n 0), as make test "
                    "does when RSVG_KUBECONFIG is set", pytrace=False)
    _own_cluster_for_this_worker()
    # One cluster starts at a time: kwokctl picks free ports, and two starting together could
    # pick the same one.
    with open(_start_lock(), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kubeconfig, started = running_cluster()
    yield Cluster(kubeconfig)
    if started:
        subprocess.run([str(ROOT / "hack" / "cluster.sh"), "down"], check=False)


def _namespaces(cluster):
    created: list[str] = []

    def make(prefix: str, restricted: bool = True) -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:6]}"
        created.append(cluster.create_namespace(name, restricted))
        return name

    return make, created


@pytest.fixture
def namespace(cluster):
    """namespace("prefix") -> a fresh namespace labelled enforce=restricted, deleted after the test."""
    make, created = _namespaces(cluster)
    yield make
    for name in created:
        cluster.delete_namespace(name)


@pytest.fixture(scope="module")
def module_namespace(cluster):
    make, created = _namespaces(cluster)
    yield make
    for name in created:
        cluster.delete_namespace(name)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """item.rep_setup / rep_call / rep_teardown: fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
