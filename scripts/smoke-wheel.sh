#!/bin/sh
# The package as a user gets it: build the sdist and the wheel (from the sdist) out of a clean clone
# of the committed tree, check them (twine, no test files in the sdist), install the wheel ALONE in a
# fresh venv and run it: --version, --help, completion bash, and --demo started and quit in a pty.
#
#   scripts/smoke-wheel.sh [PYTHON]     PYTHON: the interpreter with `build` and `twine` (default .venv)
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="${1:-$ROOT/.venv/bin/python}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/efs-tui-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

step() { printf '\n== %s\n' "$*"; }

step "clean clone of HEAD"
git clone --quiet --no-hardlinks "$ROOT" "$WORK/src"
git -C "$WORK/src" log -1 --format='%h %s'

step "python -m build (sdist, then the wheel from the sdist)"
"$PY" -m build --outdir "$WORK/dist" "$WORK/src" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
ls -l "$WORK/dist"

step "twine check --strict"
"$PY" -m twine check --strict "$WORK"/dist/*

step "sdist contents"
sdist=$(ls "$WORK"/dist/*.tar.gz)
tar -tzf "$sdist" | sed 's|^[^/]*/||' | grep -v '^efs_tui/' | grep -v '^$' | sort
if tar -tzf "$sdist" | grep -E '/(tests|scripts|screenshots|\.ci)/|conftest\.py|__snapshots__|\.pyc$'; then
    echo "stray files in the sdist (above)" >&2
    exit 1
fi
echo "$(tar -tzf "$sdist" | grep -c '\.py$') .py files, none outside efs_tui/"

step "fresh venv with the wheel alone"
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check -c "$ROOT/constraints.txt" \
    "$WORK"/dist/*.whl >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; exit 1; }
"$WORK/venv/bin/python" -m pip list --disable-pip-version-check --format=freeze | tr '\n' ' '
echo

# The installed program must not see the clone, the developer's config or keyring.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_STATE_HOME="$WORK/home/.state"
mkdir -p "$HOME"
cd "$WORK"
BIN="$WORK/venv/bin/efs-tui"

step "efs-tui --version"
"$BIN" --version

step "efs-tui --help"
"$BIN" --help >"$WORK/help.txt"
grep -q 'completion' "$WORK/help.txt" && grep -q 'snapshots' "$WORK/help.txt"
head -3 "$WORK/help.txt"

step "efs-tui completion bash"
"$BIN" completion bash >"$WORK/completion.bash"
grep -q '_shtab_efs_tui_subparsers=(login logout profiles snapshots emulator completion)' "$WORK/completion.bash"
bash -n "$WORK/completion.bash"
echo "$(wc -l <"$WORK/completion.bash") lines, valid bash"

step "efs-tui --demo in a pty, then q"
"$WORK/venv/bin/python" "$ROOT/scripts/pty_demo.py" "$BIN"

step "smoke test passed"
