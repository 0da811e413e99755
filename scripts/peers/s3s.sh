#!/usr/bin/env bash
# s3s-fs (crates.io, installed by scripts/setup into build/tools) on 127.0.0.1, serving a
# fresh folder under build/peers/s3s-data/ and checking SigV4 with one fixed test key.
#
#   scripts/peers/s3s.sh start     start on a free port (no-op if running); prints S3S_URL=...,
#                                  S3S_ACCESS_KEY_ID=..., S3S_SECRET_ACCESS_KEY=..., S3S_DATA_DIR=...
#   scripts/peers/s3s.sh stop      stop the process this script started (by its PID) and
#                                  delete its data folder
#   scripts/peers/s3s.sh status    "running: PID n, port p" (exit 0) or "not running" (exit 1)
#   scripts/peers/s3s.sh url       http://127.0.0.1:PORT
#   scripts/peers/s3s.sh env       the same KEY=value lines as start
#   scripts/peers/s3s.sh selftest  check with boto3 that the right secret is accepted and a
#                                  wrong one rejected
#
# The key is a test value, not a secret: override it with S3S_ACCESS_KEY_ID and
# S3S_SECRET_ACCESS_KEY in the environment of `start`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/peers/lib.sh
. scripts/peers/lib.sh

S3S_FS="$PEERS_REPO_ROOT/build/tools/bin/s3s-fs"
ACCESS_KEY="${S3S_ACCESS_KEY_ID:-AKIAS3SFSSTRATUSTEST}"
SECRET_KEY="${S3S_SECRET_ACCESS_KEY:-s3sfsStratus/TestSecret+K7MDENG/EXAMPLEK}"
DATA_PARENT="$PEERS_STATE_DIR/s3s-data"

s3s_data_dir() {
  sed -n 's/^S3S_DATA_DIR=//p' "$PEER_ENV_FILE" 2>/dev/null || true
}

# Deletes a data folder this script made (and nothing else).
s3s_remove_data() {
  local dir="$1"
  case "$dir" in
    "$DATA_PARENT"/run.*) rm -rf -- "$dir" ;;
    *) ;;
  esac
}

s3s_start() {
  local pid port attempt data
  if pid="$(peer_live_pid)"; then
    peer_note "already running (PID $pid)"
    cat "$PEER_ENV_FILE"
    return 0
  fi
  s3s_remove_data "$(s3s_data_dir)"
  peer_clear_state
  [ -x "$S3S_FS" ] || peer_die "$S3S_FS is missing: run scripts/setup first"
  mkdir -p "$DATA_PARENT"
  for attempt in 1 2 3; do
    port="$(peer_free_port)"
    data="$(mktemp -d "$DATA_PARENT/run.XXXXXX")"
    peer_spawn "$S3S_FS" --host 127.0.0.1 --port "$port" \
      --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" "$data"
    if peer_wait_http "http://127.0.0.1:$port/"; then
      peer_check_loopback "$port" || { peer_stop_pid "$PEER_PID"; peer_clear_state; exit 1; }
      printf '%s\n' "$port" >"$PEER_PORT_FILE"
      {
        printf 'S3S_URL=http://127.0.0.1:%s\n' "$port"
        printf 'S3S_ACCESS_KEY_ID=%s\n' "$ACCESS_KEY"
        printf 'S3S_SECRET_ACCESS_KEY=%s\n' "$SECRET_KEY"
        printf 'S3S_DATA_DIR=%s\n' "$data"
      } >"$PEER_ENV_FILE"
      peer_note "started (PID $PEER_PID, port $port, data $data, log $PEER_LOG_FILE)"
      cat "$PEER_ENV_FILE"
      return 0
    fi
    peer_stop_pid "$PEER_PID"
    peer_clear_state
    s3s_remove_data "$data"
    peer_note "start attempt $attempt failed"
  done
  peer_die "could not start s3s-fs"
}

s3s_stop() {
  local data
  data="$(s3s_data_dir)"
  peer_cmd_stop
  s3s_remove_data "$data"
}

s3s_selftest() {
  local url key secret
  url="$(peer_cmd_url)"
  key="$(sed -n 's/^S3S_ACCESS_KEY_ID=//p' "$PEER_ENV_FILE")"
  secret="$(sed -n 's/^S3S_SECRET_ACCESS_KEY=//p' "$PEER_ENV_FILE")"
  "$PEERS_REPO_ROOT/build/venv/bin/python" scripts/peers/peer_tool.py check-auth "$url" "$key" "$secret" s3
}

peer_init s3s
case "${1:-}" in
  start) s3s_start ;;
  stop) s3s_stop ;;
  status) peer_cmd_status ;;
  url) peer_cmd_url ;;
  env) peer_cmd_env ;;
  selftest) s3s_selftest ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
