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

# A package counts as present only when dpkg reports it fully installed
# ("ii"); half-configured or removed-but-config-kept packages are reinstalled.
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
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
