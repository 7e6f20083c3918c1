#!/usr/bin/env bash
# Installs the Debian packages Chizai needs (skipping apt when all are
# present), then configures and builds Release into build/.
#   scripts/setup.sh            install + build
#   BUILD_TYPE=Debug scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config git
  libpoco-dev libsoci-dev libboost-graph-dev libcli11-dev libsimdjson-dev libpugixml-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libmecab-dev mecab-ipadic-utf8 libargon2-dev libical-dev
  python3 python3-networkx python3-icalendar python3-aiosmtpd time hledger wrk curl
  chromium poppler-utils fonts-ipafont-gothic
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all Debian packages present"
fi

# Node.js and npm for web/ (its checks of the API document, and the web
# interface): Debian's when the machine has none (Debian 12: Node 18, which
# every package in web/package-lock.json accepts).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing nodejs npm"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "setup: node $(node --version), web/ packages installed"
# The web interface: type-checked and built into web/dist/ (served by
# `chizai serve` at /, web.root in the configuration).
(cd web && npm run --silent build >/dev/null)
echo "setup: built the web interface into web/dist/"

BUILD_TYPE="${BUILD_TYPE:-Release}"
JOBS="${JOBS:-$(nproc)}"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build build -j "$JOBS"
echo "setup: built build/src/cli/chizai ($BUILD_TYPE)"
