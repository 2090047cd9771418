#!/usr/bin/env bash
# Installs the Debian 12 packages Broadside builds, tests (and, with --bench,
# benchmarks) with. Idempotent: asks dpkg which packages are already installed
# and runs apt-get (update + install) only for the missing ones, so a machine
# that has everything makes no network traffic and prints one line.
#
# Usage: scripts/install-deps.sh [--bench]
#   --bench  also install wrk, nginx-light and curl for bench/run.sh
set -euo pipefail

packages=(
  build-essential g++ cmake make pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-locale1.81-dev
  libsqlite3-dev libpq-dev libpqxx-dev
  libkainjow-mustache-dev libmd4c-html0-dev libmd4c-dev
  libsodium-dev libcurl4-openssl-dev libvips-dev
  libcli11-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev zlib1g-dev
  gettext tzdata python3 ca-certificates
  python3-aiosmtpd openssl chromium nodejs
)
bench_packages=(wrk nginx-light curl)

for arg in "$@"; do
  case "$arg" in
    --bench) packages+=("${bench_packages[@]}") ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# Browser tests (tests/browser/): playwright-core from npm, pinned by
# package-lock.json. It drives Debian's /usr/bin/chromium and never downloads a
# browser. `npm ci` runs only when node_modules is missing or older than the
# lock file, so a machine that has it up to date makes no network traffic.
# npm comes with NodeSource's nodejs package (Debian's own npm conflicts with
# it, and Debian 12's Node 18 is too old for playwright-core).
npm_deps() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [[ -f "$root/node_modules/.package-lock.json" &&
        ! "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm not found (NodeSource's nodejs package includes it;" \
         "on stock Debian: apt-get install npm)" >&2
    exit 1
  fi
  echo "install-deps: npm ci (playwright-core for the browser tests)"
  (cd "$root" && npm ci --no-audit --no-fund)
}

# A package counts as present only when dpkg reports it fully installed
# ("ii"); half-configured or removed-but-config-kept packages are reinstalled.
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  npm_deps
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and not root, and sudo is not available;" \
       "run 'apt-get install ${missing[*]}' as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
npm_deps
