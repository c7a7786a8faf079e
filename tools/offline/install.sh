#!/bin/sh
# Install (or upgrade) cnsnet from this folder, with no network: Linux and macOS.
#
#   sh install.sh [PREFIX]        PREFIX default: ~/.local/share/cnsnet (Linux),
#                                 ~/Library/Application Support/cnsnet (macOS)
#   CNSNET_PYTHON=/path/to/python3.12 sh install.sh    to choose the Python
#
# Creates a venv in PREFIX/venv (reused when it is already there: running this again
# upgrades in place), installs the wheels in ./wheels checked against the hashes in
# ./requirements.txt, and prints the path of the cnsnet command. pip is told never to use
# an index (--no-index) and to ignore every pip setting of this machine.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: %s\n' "$*" >&2; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
esac

if [ -n "${1:-}" ]; then
  PREFIX=$1
elif [ "$(uname -s)" = Darwin ]; then
  PREFIX="$HOME/Library/Application Support/cnsnet"
else
  PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}/cnsnet"
fi

# Which Python: 3.11 or newer, of a platform and version this bundle holds wheels for.
# The probe prints "<platform-key> <major.minor>", the same keys as PLATFORMS.txt.
PROBE='import platform, sys
s = {"Linux": "linux", "Darwin": "macos"}.get(platform.system(), platform.system().lower())
m = platform.machine().lower()
m = {"arm64": "aarch64"}.get(m, m) if s == "linux" else {"aarch64": "arm64"}.get(m, m)
print(f"{s}-{m} {sys.version_info[0]}.{sys.version_info[1]}" if sys.version_info >= (3, 11) else "old")'

supported() {  # $1: python; prints its key when the bundle has wheels for it
  key=$("$1" -c "$PROBE" 2>/dev/null) || return 1
  [ "$key" != old ] || return 1
  grep -qx "$key" "$HERE/PLATFORMS.txt" || return 1
  printf '%s\n' "$key"
}

PY=
if [ -n "${CNSNET_PYTHON:-}" ]; then
  supported "$CNSNET_PYTHON" >/dev/null ||
    die "$CNSNET_PYTHON is not Python 3.11+ of a platform this bundle holds (see PLATFORMS.txt)"
  PY=$CNSNET_PYTHON
else
  for c in python3.13 python3.12 python3.11 python3.14 python3 python; do
    p=$(command -v "$c" 2>/dev/null) || continue
    if supported "$p" >/dev/null; then PY=$p; break; fi
  done
fi
[ -n "$PY" ] || die "no Python 3.11+ found for which this bundle holds wheels (see PLATFORMS.txt);
install one from your distribution (e.g. python3.11 and python3.11-venv) or set CNSNET_PYTHON"
say "using $PY ($(supported "$PY"))"

# Nothing from this machine's pip setup: no index, no config file, no PIP_* variables.
for v in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
export PIP_CONFIG_FILE PIP_NO_INDEX PIP_DISABLE_PIP_VERSION_CHECK PIP_NO_INPUT

VENV="$PREFIX/venv"
if [ -x "$VENV/bin/python" ] && [ "$("$VENV/bin/python" -c "$PROBE" 2>/dev/null)" = "$(supported "$PY")" ]; then
  say "upgrading in place: $VENV"
else
  [ ! -e "$VENV" ] || { say "replacing the venv at $VENV (its Python changed)"; rm -rf -- "$VENV"; }
  mkdir -p -- "$PREFIX"
  "$PY" -m venv -- "$VENV" ||
    die "cannot create a venv with $PY (on Debian/Ubuntu install the python3-venv package)"
fi

"$VENV/bin/python" -m pip install --quiet --no-index --find-links "$HERE/wheels" \
  --require-hashes --no-cache-dir -r "$HERE/requirements.txt" ||
  die "pip could not install from $HERE/wheels; nothing outside $VENV was changed"

CMD="$VENV/bin/cnsnet"
"$CMD" --version >/dev/null || die "installed, but $CMD does not run"
say "$("$CMD" --version) installed"
say "the cnsnet command: $CMD"
printf '%s\n' "$CMD"
