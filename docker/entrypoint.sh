#!/bin/sh
# Starts figurewatch as an unprivileged user that can write the state folder, whatever uid owns it
# on the host: a bound ./state belongs to the host's user (often not uid 1000), so figurewatch runs
# as that owner; a folder owned by root (one Docker just created) is given to the `node` user.
# Environment (for tests and unusual set-ups): FIGUREWATCH_STATE_DIR (default /app/state),
# FIGUREWATCH_RUN_AS (the user a root-owned state folder is given to; default node).
set -eu
state_dir="${FIGUREWATCH_STATE_DIR:-/app/state}"
run_as="${FIGUREWATCH_RUN_AS:-node}"

if [ "$(id -u)" != "0" ]; then
  # Already unprivileged (docker run --user, or a rootless engine): nothing to change.
  exec "$@"
fi

mkdir -p "$state_dir"
uid="$(stat -c %u "$state_dir")"
gid="$(stat -c %g "$state_dir")"
if [ "$uid" = "0" ]; then
  chown "$run_as:$(id -gn "$run_as")" "$state_dir"
  uid="$(id -u "$run_as")"
  gid="$(id -g "$run_as")"
fi
# Files inside (a store copied in as root, say) must be writable by the user figurewatch runs as.
find "$state_dir" -mindepth 1 \( ! -uid "$uid" -o ! -gid "$gid" \) -exec chown "$uid:$gid" {} + 2>/dev/null || true
exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"
