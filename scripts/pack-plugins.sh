#!/usr/bin/env bash
# Packs every publishable Cellport package (the plugins and the two host agents) into npm tarballs,
# exactly as `npm publish` would ship them:
#   1. checks the publishing fields (scripts/check-packages.cjs),
#   2. runs `tsc` once (declarations into dist-types/, which the package builds read),
#   3. `backstage-cli package build` in each package (dist/),
#   4. `npm pack` of each (N at a time), which runs `backstage-cli package prepack` (entry points rewritten to
#      dist/, config.d.ts compiled to config.schema.json) and `postpack` (package.json restored).
# Prints one tarball path per line on stdout (progress goes to stderr) and fails when any step fails.
#
#   bash scripts/pack-plugins.sh [--dest DIR] [--jobs N] [--tolerate-type-errors] [package-dir ...]
#
# DIR defaults to $CELLPORT_PACK_DIR or $CELLPORT_ROOT/.cellport/packs; N (parallel builds) to
# $CELLPORT_PACK_JOBS or 2. Naming package folders (plugins/cells ...) packs only those.
# --tolerate-type-errors keeps going when tsc reports errors (it still writes the declarations):
# for a working tree where someone else's change does not type-check yet; CI never passes it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh" || exit 1
cd "$CELLPORT_ROOT"

dest="${CELLPORT_PACK_DIR:-$CELLPORT_ROOT/.cellport/packs}"
jobs="${CELLPORT_PACK_JOBS:-2}"
only=()
tolerate=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) dest="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --tolerate-type-errors) tolerate=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) only+=("${1%/}"); shift ;;
  esac
done
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
log() { echo "pack-plugins: $*" >&2; }

packages=()
if [ ${#only[@]} -gt 0 ]; then
  packages=("${only[@]}")
else
  for dir in plugins/* packages/slb-agent packages/build-agent; do
    [ -f "$dir/package.json" ] || continue
    [ "$(node -p "Boolean(require('./$dir/package.json').private)")" = "true" ] && continue
    packages+=("$dir")
  done
fi
[ ${#packages[@]} -gt 0 ] || { log "no publishable packages found"; exit 1; }

log "checking publishing fields"
node scripts/check-packages.cjs >&2

log "type declarations (tsc)"
if ! npx tsc >&2; then
  [ "$tolerate" = 1 ] || { log "FAILED: tsc"; exit 1; }
  log "tsc reported errors; going on (--tolerate-type-errors)"
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
log "building ${#packages[@]} packages ($jobs at a time)"
build() {
  local dir="$1" out
  out="$logs/$(echo "$dir" | tr / _).log"
  if (cd "$dir" && npx backstage-cli package build) >"$out" 2>&1; then
    echo "pack-plugins: built $dir" >&2
  else
    echo "pack-plugins: FAILED to build $dir:" >&2
    cat "$out" >&2
    return 1
  fi
}
export -f build
export logs
printf '%s\n' "${packages[@]}" | xargs -P "$jobs" -I{} bash -c 'build "$@"' _ {} ||
  { log "FAILED: at least one build failed (see above)"; exit 1; }

log "packing ${#packages[@]} packages ($jobs at a time)"
packone() {
  local dir="$1" out file err
  err="$logs/$(echo "$dir" | tr / _).pack.log"
  # npm pack runs the package's prepack (entry points to dist/) and postpack (package.json restored)
  # and prints the tarball's file name last
  if out="$(npm pack --silent --pack-destination "$dest" -w "$dir" 2>"$err")"; then
    file="$(printf '%s\n' "$out" | tail -n 1)"
    if [ -n "$file" ] && [ -f "$dest/$file" ]; then
      # the entry points the packed manifest names must be in the tarball (a build running
      # elsewhere in the same tree may have replaced dist/ in between)
      if node "$CELLPORT_ROOT/scripts/pack-plugins-verify.cjs" "$dest/$file" >&2; then
        echo "$dest/$file"
        return 0
      fi
      echo "pack-plugins: FAILED to pack $dir: $file lacks files its package.json points at" >&2
      return 1
    fi
    echo "pack-plugins: FAILED to pack $dir: npm pack printed '$file', which is not in $dest" >&2
  else
    echo "pack-plugins: FAILED to pack $dir:" >&2
    cat "$err" >&2
  fi
  # a failed prepack may leave the rewritten manifest behind: restore it
  if [ -f "$dir/package.json-prepack" ]; then
    (cd "$dir" && npx backstage-cli package postpack) >&2
  fi
  return 1
}
export -f packone
export dest
printf '%s\n' "${packages[@]}" | xargs -P "$jobs" -I{} bash -c 'packone "$@"' _ {} ||
  { log "FAILED: at least one package did not pack (see above)"; exit 1; }
log "packed ${#packages[@]} packages into $dest"
