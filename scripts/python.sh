# Sourced by the other scripts: find a Python >= 3.12, make .venv, install the project. Sets $VENV_PY.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"

is_new_enough() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  if [ -n "${PYTHON:-}" ]; then
    is_new_enough "$PYTHON" && { echo "$PYTHON"; return; }
    echo "authsite: PYTHON=$PYTHON is not Python 3.12 or newer." >&2; return 1
  fi
  local candidates=(python3.13 python3.12 python3)
  local root; root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for found in "$root"/versions/3.1[2-9]*/bin/python3 "$root"/versions/3.[2-9]*/bin/python3; do
    [ -x "$found" ] && candidates+=("$found")
  done
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 && is_new_enough "$candidate"; then
      command -v "$candidate"; return
    fi
  done
  echo "authsite: no Python 3.12 or newer found (tried python3.13, python3.12, python3 and pyenv versions)." >&2
  echo "authsite: install one, or point PYTHON= at it, e.g. PYTHON=/usr/bin/python3.12 $0" >&2
  return 1
}

ensure_venv() {  # $1: pip extras to install, e.g. "[test]" or ""
  local extras="${1:-}"
  if [ ! -x "$VENV/bin/python" ] || ! is_new_enough "$VENV/bin/python"; then
    local python; python="$(find_python)"
    echo "authsite: creating $VENV with $("$python" --version)" >&2
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
  fi
  # Reinstall only when pyproject.toml changed since the last install with these extras.
  local stamp="$VENV/.installed${extras}"
  # An install with the test extras has everything the app needs too: scripts/run after scripts/test installs nothing.
  if [ -z "$extras" ] && [ -f "$VENV/.installed[test]" ] && ! [ "$ROOT/pyproject.toml" -nt "$VENV/.installed[test]" ]; then
    stamp="$VENV/.installed[test]"
  fi
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet "$ROOT${extras}"
    touch "$stamp"
  fi
  VENV_PY="$VENV/bin/python"
}
