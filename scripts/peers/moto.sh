#!/usr/bin/env bash
# moto (PyPI moto[server], installed by scripts/setup into build/venv) on 127.0.0.1.
#
#   scripts/peers/moto.sh start        start on a free port (no-op if running); prints MOTO_URL=...
#   scripts/peers/moto.sh stop         stop the process this script started (by its PID)
#   scripts/peers/moto.sh status       "running: PID n, port p" (exit 0) or "not running" (exit 1)
#   scripts/peers/moto.sh url          http://127.0.0.1:PORT
#   scripts/peers/moto.sh env          MOTO_URL=..., plus the access key lines once auth is on
#   scripts/peers/moto.sh enable-auth  make moto verify SigV4 (see tests/peers.md); prints
#                                      MOTO_ACCESS_KEY_ID=... and MOTO_SECRET_ACCESS_KEY=...
#   scripts/peers/moto.sh disable-auth accept any signature again; drops the key lines from env
#   scripts/peers/moto.sh reset        wipe all moto state (POST /moto-api/reset); if auth was on,
#                                      set it up again and print the NEW key lines (the reset
#                                      deletes the IAM user, so the old key stops working)
#   scripts/peers/moto.sh selftest     enable-auth, then check with boto3 that the right secret
#                                      is accepted and a wrong one rejected (s3, sts, ec2, ses)
#
# Output lines are KEY=value, ready for `eval`; the same lines are kept in build/peers/moto.env.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/peers/lib.sh
. scripts/peers/lib.sh

VENV="$PEERS_REPO_ROOT/build/venv"
MOTO_SERVER="$VENV/bin/moto_server"

moto_start() {
  local pid port attempt
  if pid="$(peer_live_pid)"; then
    peer_note "already running (PID $pid)"
    cat "$PEER_ENV_FILE"
    return 0
  fi
  peer_clear_state
  [ -x "$MOTO_SERVER" ] || peer_die "$MOTO_SERVER is missing: run scripts/setup first"
  for attempt in 1 2 3; do
    port="$(peer_free_port)"
    peer_spawn "$MOTO_SERVER" -H 127.0.0.1 -p "$port"
    if peer_wait_http "http://127.0.0.1:$port/moto-api/"; then
      peer_check_loopback "$port" || { peer_stop_pid "$PEER_PID"; peer_clear_state; exit 1; }
      printf '%s\n' "$port" >"$PEER_PORT_FILE"
      printf 'MOTO_URL=http://127.0.0.1:%s\n' "$port" >"$PEER_ENV_FILE"
      peer_note "started (PID $PEER_PID, port $port, log $PEER_LOG_FILE)"
      cat "$PEER_ENV_FILE"
      return 0
    fi
    peer_stop_pid "$PEER_PID"
    peer_clear_state
    peer_note "start attempt $attempt failed"
  done
  peer_die "could not start moto"
}

moto_enable_auth() {
  local pid port lines
  pid="$(peer_live_pid)" || peer_die "not running (start it with: $0 start)"
  if grep -q '^MOTO_ACCESS_KEY_ID=' "$PEER_ENV_FILE"; then
    peer_note "auth already on for PID $pid"
    grep -E '^MOTO_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)=' "$PEER_ENV_FILE"
    return 0
  fi
  port="$(cat "$PEER_PORT_FILE")"
  lines="$("$VENV/bin/python" scripts/peers/peer_tool.py moto-enable-auth "http://127.0.0.1:$port")"
  printf '%s\n' "$lines" >>"$PEER_ENV_FILE"
  peer_note "SigV4 checking is on for PID $pid"
  printf '%s\n' "$lines"
}

moto_disable_auth() {
  local url
  url="$(peer_cmd_url)"
  "$VENV/bin/python" scripts/peers/peer_tool.py moto-disable-auth "$url"
  moto_forget_key
  peer_note "SigV4 checking is off"
}

moto_forget_key() {
  local kept
  kept="$(grep -Ev '^MOTO_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)=' "$PEER_ENV_FILE" || true)"
  printf '%s\n' "$kept" >"$PEER_ENV_FILE"
}

moto_reset() {
  local url
  url="$(peer_cmd_url)"
  curl -sf -o /dev/null -X POST "$url/moto-api/reset" || peer_die "POST $url/moto-api/reset failed"
  peer_note "state reset"
  if grep -q '^MOTO_ACCESS_KEY_ID=' "$PEER_ENV_FILE"; then
    moto_forget_key
    moto_enable_auth
  fi
}

moto_selftest() {
  local url key secret
  moto_enable_auth >/dev/null
  url="$(peer_cmd_url)"
  key="$(sed -n 's/^MOTO_ACCESS_KEY_ID=//p' "$PEER_ENV_FILE")"
  secret="$(sed -n 's/^MOTO_SECRET_ACCESS_KEY=//p' "$PEER_ENV_FILE")"
  "$VENV/bin/python" scripts/peers/peer_tool.py check-auth "$url" "$key" "$secret" s3,sts,ec2,ses
}

peer_init moto
case "${1:-}" in
  start) moto_start ;;
  stop) peer_cmd_stop ;;
  status) peer_cmd_status ;;
  url) peer_cmd_url ;;
  env) peer_cmd_env ;;
  enable-auth) moto_enable_auth ;;
  disable-auth) moto_disable_auth ;;
  reset) moto_reset ;;
  selftest) moto_selftest ;;
  *)
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
