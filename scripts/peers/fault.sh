#!/usr/bin/env bash
# stratus-fault-server (tests/fault-server) as a background process on 127.0.0.1.
# Rust tests usually start it in-process instead (stratus_fault_server::FaultServer).
#
#   scripts/peers/fault.sh start [ARGS]  build if needed, start (no-op if running); prints
#                                        FAULT_URL=...; ARGS go to the server, e.g.
#                                        --script 500,503,throttle,reset,ok --max-requests 50
#                                        (default here: --max-seconds 1800; see --help)
#   scripts/peers/fault.sh stop          stop the process this script started (by its PID)
#   scripts/peers/fault.sh status        "running: PID n, port p" (exit 0) or "not running" (exit 1)
#   scripts/peers/fault.sh url | env     http://127.0.0.1:PORT | FAULT_URL=...
#   scripts/peers/fault.sh script LIST   replace the script (rewinds it and clears the log)
#   scripts/peers/fault.sh log           the request log as JSON
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/peers/lib.sh
. scripts/peers/lib.sh

target_dir="${CARGO_TARGET_DIR:-$PEERS_REPO_ROOT/target}"
case "$target_dir" in /*) ;; *) target_dir="$PEERS_REPO_ROOT/$target_dir" ;; esac
FAULT_BIN="$target_dir/debug/stratus-fault-server"

fault_start() {
  local pid port_file port
  if pid="$(peer_live_pid)"; then
    peer_note "already running (PID $pid)"
    cat "$PEER_ENV_FILE"
    return 0
  fi
  peer_clear_state
  cargo build -q -p stratus-fault-server --bin stratus-fault-server
  port_file="$PEERS_STATE_DIR/fault.port.new"
  rm -f "$port_file"
  peer_spawn "$FAULT_BIN" --max-seconds 1800 "$@" --port-file "$port_file"
  for _ in $(seq 1 100); do
    [ -s "$port_file" ] && break
    kill -0 "$PEER_PID" 2>/dev/null || break
    sleep 0.05
  done
  port="$(cat "$port_file" 2>/dev/null || true)"
  rm -f "$port_file"
  if [ -z "$port" ] || ! peer_wait_http "http://127.0.0.1:$port/__health"; then
    peer_note "did not start; end of $PEER_LOG_FILE:"
    tail -n 20 "$PEER_LOG_FILE" >&2 || true
    peer_stop_pid "$PEER_PID"
    peer_clear_state
    exit 1
  fi
  printf '%s\n' "$port" >"$PEER_PORT_FILE"
  printf 'FAULT_URL=http://127.0.0.1:%s\n' "$port" >"$PEER_ENV_FILE"
  peer_note "started (PID $PEER_PID, port $port, log $PEER_LOG_FILE)"
  cat "$PEER_ENV_FILE"
}

peer_init fault
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  start) fault_start "$@" ;;
  stop) peer_cmd_stop ;;
  status) peer_cmd_status ;;
  url) peer_cmd_url ;;
  env) peer_cmd_env ;;
  script)
    [ $# -eq 1 ] || peer_die "usage: $0 script LIST"
    curl -sS --fail-with-body -X POST --data-binary "$1" "$(peer_cmd_url)/__script"
    ;;
  log) curl -sS --fail-with-body "$(peer_cmd_url)/__log" && echo ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
