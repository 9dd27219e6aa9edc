#!/usr/bin/env bash
# The main job, shown to a newcomer by `make demo`: what each install route creates for
# the dev and production settings, all from the one settings vocabulary.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PATH="$PWD/bin:$PATH"

for settings in examples/dev.yaml examples/production.yaml; do
  name=$(basename "$settings" .yaml)
  echo
  echo "=== $settings ==="
  sed -n 's/^# \{0,1\}//p' "$settings" | head -3
  echo
  $PY -m composer summary --settings "$settings"
  echo
  echo "Install it with any route (each creates exactly these objects):"
  echo "  kubectl apply -k overlays/$name"
  echo "  python -m composer render --settings $settings | kubectl apply -f -"
done
echo
echo "Default settings, committed for 'kubectl apply -f rendered/':"
$PY -m composer summary
echo
$PY -m composer check
