"""Live tests: a real kube-apiserver (hack/cluster.sh, or the cluster RSVG_KUBECONFIG
names). Every test here is marked `live`; `make test` runs them, `-m "not live"` skips them."""
from __future__ import annotations

import subprocess
import uuid

import pytest

from tests.helpers import ROOT
from tests.live.cluster import Cluster, running_cluster
from tests.live.outputs import RECORDER


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
def _no_secret_in_any_output():
    """Issue 13 item 5 over the whole live session (tests/live/outputs.py): every route command
    the live tests run is recorded; at the end no output may hold a secret any command was given."""
    mp = pytest.MonkeyPatch()
    RECORDER.install(mp)
    yield RECORDER
    mp.undo()
    leaks = RECORDER.leaks()
    RECORDER.summary = (f"secret scan: {len(RECORDER.records)} outputs of route commands searched for "
                        f"{len(RECORDER.secrets)} secret values (and their base64 forms): {len(leaks)} leak(s)")
    assert not leaks, "secrets in the output of the live tests' commands:\n" + "\n".join(leaks[:50])


def pytest_terminal_summary(terminalreporter):
    if RECORDER.summary:
        terminalreporter.write_line(RECORDER.summary)


@pytest.fixture(scope="session")
def cluster():
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
