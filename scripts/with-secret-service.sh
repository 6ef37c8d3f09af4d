#!/bin/sh
# Run a command with a real, unlocked Secret Service (GNOME Keyring) on a private D-Bus session.
#
#   scripts/with-secret-service.sh .venv/bin/pytest -m secret_service
#
# Starts `gnome-keyring-daemon --unlock --components=secrets` inside `dbus-run-session`, feeding
# a known password on stdin so that the "login" collection exists and is unlocked, exports what
# the daemon prints (GNOME_KEYRING_CONTROL), then runs the command. The keyring files and the
# control socket go to a throw-away directory that only the daemon is pointed at, so the
# developer's own keyrings are never touched. The daemon is stopped and the directory removed
# when the command ends; the command's exit status is returned.
#
# If dbus-run-session or gnome-keyring-daemon is missing, the command runs as it is: the
# secret_service tests then skip, or fail when EFS_TUI_REQUIRE_SECRET_SERVICE=1.
# Debian/Ubuntu packages: dbus gnome-keyring (libsecret-tools for secret-tool, optional).
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 64
fi

if [ "${EFS_TUI_IN_SECRET_SERVICE:-}" != "1" ]; then
    if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
        echo "with-secret-service: dbus-run-session or gnome-keyring-daemon not found; running without a Secret Service" >&2
        exec "$@"
    fi
    EFS_TUI_IN_SECRET_SERVICE=1 exec dbus-run-session -- "$0" "$@"
fi

# Inside the private session bus from here on.
unset EFS_TUI_IN_SECRET_SERVICE
work=$(mktemp -d "${TMPDIR:-/tmp}/efs-tui-keyring.XXXXXX")
mkdir -m 700 "$work/data" "$work/run"
daemon=""
cleanup() {
    if [ -n "$daemon" ]; then
        kill "$daemon" 2>/dev/null || true
        wait "$daemon" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

printf '%s' "${EFS_TUI_KEYRING_PASSWORD:-efs-tui-test}" \
    | XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/run" \
        gnome-keyring-daemon --foreground --unlock --components=secrets >"$work/env" 2>"$work/log" &
daemon=$!
# Ready once it owns org.freedesktop.secrets on the bus (NameHasOwner never activates anything).
owned() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
}
tries=0
while ! owned && [ "$tries" -lt 100 ]; do
    tries=$((tries + 1))
    sleep 0.05
done
if ! owned; then
    echo "with-secret-service: gnome-keyring-daemon did not start:" >&2
    cat "$work/log" >&2
fi
while IFS= read -r line; do
    case "$line" in
        [A-Z_]*=*) export "$line" ;;
    esac
done <"$work/env"
# It prints nothing when its control socket is in the default place ($XDG_RUNTIME_DIR/keyring):
# tell the command where it is, so `gnome-keyring-daemon --unlock` there reaches this daemon.
export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-$work/run/keyring}"

status=0
"$@" || status=$?
exit "$status"
