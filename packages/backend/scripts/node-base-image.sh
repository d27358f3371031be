#!/usr/bin/env bash
# Assembles a Node base image with buildah, offline (no base-image registry is reachable here): busybox
# (sh, tar, env), the Node binary the repository runs on (scripts/lib/node.sh) with the C/C++ runtime it
# links, and npm. Enough for packages/backend/Dockerfile (`--build-arg BASE_IMAGE=<tag>`).
# Does nothing when the tag exists. Use the same buildah storage as the build (CONTAINERS_STORAGE_CONF).
#
#   packages/backend/scripts/node-base-image.sh TAG
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../../../scripts/lib/node.sh"
tag=${1:?usage: node-base-image.sh TAG}

if buildah inspect --type image "$tag" >/dev/null 2>&1; then
  echo "cellport: base image $tag exists"
  exit 0
fi
node_bin=$(command -v node)
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
ctr=$(buildah from scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
mnt=$(buildah mount "$ctr")
mkdir -p "$mnt"/{bin,usr/bin,usr/local/bin,usr/local/lib/node_modules,etc,tmp,root}
chmod 1777 "$mnt/tmp"
cp /bin/busybox "$mnt/bin/busybox"
for applet in sh ash tar gzip gunzip ls cat cp mv rm mkdir ln chmod sed grep wget; do ln -s busybox "$mnt/bin/$applet"; done
ln -s /bin/busybox "$mnt/usr/bin/env"
cp "$node_bin" "$mnt/usr/local/bin/node"
# the shared libraries node links (glibc, libstdc++, libgcc) and the dynamic loader, at their own paths
for lib in $(ldd "$node_bin" | awk '/=>/ { print $3 } /^[ \t]*\/lib/ { print $1 }'); do
  mkdir -p "$mnt$(dirname "$lib")"
  cp -L "$lib" "$mnt$lib"
done
cp -r "$npm_dir" "$mnt/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\n' >"$mnt/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$mnt/etc/group"
buildah umount "$ctr" >/dev/null
buildah config --env PATH=/usr/local/bin:/usr/bin:/bin --env HOME=/root --cmd '["node"]' "$ctr"
buildah commit --quiet "$ctr" "$tag" >/dev/null
echo "cellport: base image $tag assembled (node $("$node_bin" -v), npm $(npm -v))"
