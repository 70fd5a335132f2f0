#!/usr/bin/env bash
# Installs what ConvDiag needs to build and test on Debian 12 (bookworm).
set -euo pipefail
packages=(cmake make g++ pkg-config python3 util-linux
          wireshark-dev libwireshark-dev tshark wireshark-common libglib2.0-dev
          googletest libgtest-dev libgmock-dev clang-format valgrind
          clang-14 libclang-rt-14-dev jq)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
