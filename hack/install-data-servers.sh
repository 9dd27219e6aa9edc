#!/usr/bin/env bash
# The real servers behind the data services, for the tests that prove what a container
# would do (the local cluster's kwok nodes run no containers): Debian's redis-server and
# PostgreSQL, the same upstream releases the official images carry.
#
#   redis   Debian bookworm's redis-tools (redis-server is the same binary under another
#           name) with its two libraries, fetched with `apt-get download` and unpacked
#           with `dpkg -x` into the tools cache: no service is installed or started.
#   postgres  Debian's postgresql-15 as installed on the machine (/usr/lib/postgresql/15);
#           installed with apt when missing. The server refuses to run as root and needs
#           its binaries readable by the account it runs as, which a cache under /root is
#           not, hence the system package; tests start their own cluster on 127.0.0.1
#           (tests/dataservers.py) and never the package's.
#
#   hack/install-data-servers.sh         # install (cached: a second run only re-links)
#   hack/install-data-servers.sh --list  # print what is installed
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}
REDIS_PACKAGES=(redis-tools libjemalloc2 liblzf1)
POSTGRES_MAJOR=15

redis_version() { apt-cache policy redis-tools | awk '/Candidate:/ {print $2}'; }

if [[ ${1:-} == --list ]]; then
  ls "$CACHE/redis" 2>/dev/null | sed 's/^/redis=/'
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sed -E 's#.*/postgresql/([0-9]+)/bin#postgresql=\1#'
  exit 0
fi

mkdir -p "$ROOT/bin"

# -- redis ---------------------------------------------------------------------------------
installed=$(ls -d "$CACHE"/redis/*/usr/bin/redis-check-rdb 2>/dev/null | head -1 || true)
if [[ -n $installed ]]; then
  dir=${installed%/usr/bin/redis-check-rdb}
  echo "tools: redis-server $(basename "$dir") (cached in $CACHE)"
else
  version=$(redis_version)
  [[ -n $version && $version != "(none)" ]] || { echo "tools: apt knows no redis-tools (run apt-get update)" >&2; exit 1; }
  dir=$CACHE/redis/${version//[:~]/_}
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq "${REDIS_PACKAGES[@]}" 2>/dev/null)
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/root"; done
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir" && mv "$work/root" "$dir"
  echo "tools: installed redis-server $version (Debian) in $dir"
fi
# Wrappers, not links: the binary needs the unpacked libraries and dispatches on its name.
for tool in redis-server redis-cli; do
  target=$dir/usr/bin/$([[ $tool == redis-server ]] && echo redis-check-rdb || echo redis-cli)
  cat >"$ROOT/bin/$tool.tmp" <<EOF
#!/usr/bin/env bash
# Debian's $tool, unpacked by hack/install-data-servers.sh
LD_LIBRARY_PATH="$dir/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec -a $tool "$target" "\$@"
EOF
  chmod +x "$ROOT/bin/$tool.tmp" && mv "$ROOT/bin/$tool.tmp" "$ROOT/bin/$tool"
done

# -- postgres ------------------------------------------------------------------------------
if [[ -x /usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres ]]; then
  echo "tools: postgres $(/usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres --version | awk '{print $3}') (Debian package)"
else
  echo "tools: installing Debian's postgresql-$POSTGRES_MAJOR (its own cluster is not used)..."
  # Keep the package's scripts from starting a server of their own.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "postgresql-$POSTGRES_MAJOR" >/dev/null
fi
