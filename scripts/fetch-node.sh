#!/usr/bin/env bash
# Fetches an official Node.js build from the npm registry (the node-<os>-<arch> packages carry the
# binary inside them, and npm checks the package's integrity), so a machine whose own Node is too old
# needs nothing but the registry. Prints the folder holding `node`, ready to put first on PATH:
#
#   export PATH="$(bash scripts/fetch-node.sh):$PATH"    # the major in .nvmrc (24)
#   bash scripts/fetch-node.sh 22                        # any other major
#
# Builds are kept in ${NODE_TOOLCHAIN_DIR:-~/.cache/wecom-live-codes/node}/<version>; a second run
# reuses them. Progress goes to stderr, so stdout is only the folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="${1:-$(tr -d 'v \n' <"$here/.nvmrc")}"
cache="${NODE_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wecom-live-codes/node}"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "fetch-node: no registry build of Node for $(uname -s); install Node $major from nodejs.org" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "fetch-node: no registry build of Node for $(uname -m)" >&2; exit 1 ;;
esac
pkg="node-$os-$arch"

# The newest release of that major, as the registry lists it.
version="$(npm view "$pkg@$major" version --json 2>/dev/null | tr -d '[]" \n' | tr ',' '\n' | sort -V | tail -1)"
if [ -z "$version" ]; then
  # Offline: use the newest build of that major already in the cache.
  version="$(ls "$cache" 2>/dev/null | grep -E "^$major\." | sort -V | tail -1 || true)"
  [ -n "$version" ] || { echo "fetch-node: cannot reach the npm registry for $pkg@$major" >&2; exit 1; }
fi

dir="$cache/$version"
if [ ! -x "$dir/bin/node" ]; then
  echo "fetch-node: downloading $pkg@$version from the npm registry…" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "$pkg@$version" --silent >/dev/null)
  mkdir -p "$tmp/out"
  tar -xzf "$tmp"/"$pkg"-*.tgz -C "$tmp/out"
  "$tmp/out/package/bin/node" --version >/dev/null
  mkdir -p "$cache"
  rm -rf "$dir"
  mv "$tmp/out/package" "$dir"
fi
echo "$dir/bin"
