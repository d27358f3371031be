#!/usr/bin/env bash
# Installs the Debian packages given as arguments when any is missing.
#   scripts/infra/install-packages.sh etcd-server nginx-light chromium
# As root: apt-get install (apt-get update first only when the install fails). Otherwise prints the
# exact apt-get line to run and exits 1.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }

missing=()
for p in "$@"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if ! command -v apt-get >/dev/null; then
  echo "cellport: missing packages: ${missing[*]} (no apt-get here: install them with your package manager)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "cellport: missing Debian packages: ${missing[*]}. Install them as root with:" >&2
  echo "  $line" >&2
  exit 1
fi
echo "cellport: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $line >&2; then
  echo "cellport: install failed; running apt-get update and retrying" >&2
  apt-get update >&2
  $line >&2
fi
