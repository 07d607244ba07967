#!/usr/bin/env bash
# Installs what building and testing DoxGuard needs on Debian/Ubuntu, and only
# what is missing. Called by `make run` and `make test`; safe to run again.
set -euo pipefail

build_pkgs="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"
# The test suite also starts the real window under Xvfb, screenshots it,
# renders PDFs to PNG, and compares the matcher with ripgrep and the crawler
# with wget in benchmarks.
test_pkgs="xvfb xauth imagemagick dbus poppler-utils ripgrep wget"

want="$build_pkgs"
[ "${1:-}" = "test" ] && want="$want $test_pkgs"

if ! command -v go >/dev/null 2>&1; then
  echo "doxguard: Go is not installed. Install Go 1.26 or newer from https://go.dev/dl/ and run make again." >&2
  exit 1
fi
gover=$(go env GOVERSION | sed 's/^go//')
case "$gover" in
  1.2[6-9]*|1.[3-9][0-9]*|[2-9].*) ;;
  *) echo "doxguard: Go $gover is too old; DoxGuard needs Go 1.26 or newer (https://go.dev/dl/)." >&2; exit 1 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "doxguard: this is not a Debian/Ubuntu system, so nothing was installed automatically." >&2
  echo "          Install the equivalents of: $want" >&2
  exit 0
fi

missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "doxguard: missing packages:$missing — run as root or install sudo." >&2
    exit 1
  fi
fi
echo "doxguard: installing missing packages:$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
