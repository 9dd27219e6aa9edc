#!/usr/bin/env bash
# make test's verdict from the exit codes of its pytest runs (offline, live): pytest exits 5 when
# a run collects no test, which is fine for one part (PYTEST_ARGS may select only offline or only
# live tests) but not for all of them; any other non-zero code fails.
set -euo pipefail
names=(offline live)
empty=0 failed=0 i=0
for rc in "$@"; do
  name=${names[i]:-run$i}
  i=$((i + 1))
  case ${rc} in
    0) ;;
    5) empty=$((empty + 1)); echo "make test: the ${name} tests: none selected" ;;
    *) failed=1; echo "make test: the ${name} tests FAILED (pytest exit ${rc})" >&2 ;;
  esac
done
if [[ ${failed} -ne 0 ]]; then exit 1; fi
if [[ ${empty} -eq $# ]]; then echo "make test: no test selected" >&2; exit 5; fi
