# shellcheck shell=bash
# Helpers shared by scripts/peers/*.sh. Sourced, never run on its own.
#
# Every peer NAME keeps its state in build/peers/:
#   NAME.pid   "PID STARTTIME": the process we started, and its start time from
#              /proc/PID/stat, so a recycled PID is never mistaken for ours
#   NAME.port  the TCP port it listens on (127.0.0.1 only)
#   NAME.env   KEY=value lines describing how to reach it (what `env` prints)
#   NAME.log   its stdout and stderr
#   NAME.lock  serializes start/stop of that peer

PEERS_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEERS_STATE_DIR="$PEERS_REPO_ROOT/build/peers"
# Seconds a peer gets to answer its first request after it was started.
PEERS_START_TIMEOUT="${PEERS_START_TIMEOUT:-60}"

# Loopback traffic must never go through a proxy configured in the environment.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
export NO_PROXY="$no_proxy"

peer_die() {
  printf '%s: %s\n' "${PEER_NAME:-peers}" "$*" >&2
  exit 1
}

peer_note() {
  printf '%s: %s\n' "${PEER_NAME:-peers}" "$*" >&2
}

# peer_init NAME: sets the state file paths for NAME and takes its lock.
peer_init() {
  PEER_NAME="$1"
  mkdir -p "$PEERS_STATE_DIR"
  PEER_PID_FILE="$PEERS_STATE_DIR/$PEER_NAME.pid"
  PEER_PORT_FILE="$PEERS_STATE_DIR/$PEER_NAME.port"
  PEER_ENV_FILE="$PEERS_STATE_DIR/$PEER_NAME.env"
  PEER_LOG_FILE="$PEERS_STATE_DIR/$PEER_NAME.log"
  exec 9>"$PEERS_STATE_DIR/$PEER_NAME.lock"
  flock -w 120 9 || peer_die "could not lock $PEERS_STATE_DIR/$PEER_NAME.lock"
}

# The start time (clock ticks since boot) of PID, or nothing if it is gone.
peer_proc_starttime() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  # Field 2 (comm) may hold spaces: drop everything up to its closing paren.
  stat="${stat##*) }"
  # What is left starts at field 3; the start time is field 22.
  # shellcheck disable=SC2086
  set -- $stat
  printf '%s\n' "${20}"
}

# Prints the PID of this peer if the process we recorded is still alive.
peer_live_pid() {
  [ -f "$PEER_PID_FILE" ] || return 1
  local pid start now
  read -r pid start <"$PEER_PID_FILE" || return 1
  [ -n "${pid:-}" ] || return 1
  now="$(peer_proc_starttime "$pid")"
  [ -n "$now" ] && [ "$now" = "${start:-}" ] || return 1
  printf '%s\n' "$pid"
}

# Forgets a peer whose process is gone (leaves the log for a post-mortem).
peer_clear_state() {
  rm -f "$PEER_PID_FILE" "$PEER_PORT_FILE" "$PEER_ENV_FILE"
}

# A TCP port that is free on 127.0.0.1 right now.
peer_free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# peer_spawn CMD ARGS...: starts CMD in its own session, detached from our
# terminal, stdin, stdout and stderr; records its PID. Sets PEER_PID.
peer_spawn() {
  : >"$PEER_LOG_FILE"
  # 9>&-: the peer must not inherit (and so hold) our lock.
  setsid "$@" </dev/null >>"$PEER_LOG_FILE" 2>&1 9>&- &
  PEER_PID=$!
  local start
  start="$(peer_proc_starttime "$PEER_PID")"
  printf '%s %s\n' "$PEER_PID" "$start" >"$PEER_PID_FILE"
}

# peer_wait_http URL: waits until PEER_PID answers any HTTP request on URL.
# Returns 1 (after printing the log's end) if the process exits first or the
# timeout passes.
peer_wait_http() {
  local url="$1" deadline=$((SECONDS + PEERS_START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$PEER_PID" 2>/dev/null; then
      peer_note "process $PEER_PID exited during start; end of $PEER_LOG_FILE:"
      tail -n 20 "$PEER_LOG_FILE" >&2 || true
      return 1
    fi
    if curl -s -o /dev/null --max-time 2 "$url"; then
      return 0
    fi
    sleep 0.1
  done
  peer_note "no answer from $url within ${PEERS_START_TIMEOUT}s; end of $PEER_LOG_FILE:"
  tail -n 20 "$PEER_LOG_FILE" >&2 || true
  return 1
}

# peer_stop_pid PID: SIGTERM, then SIGKILL after 10 s. Only ever that PID.
peer_stop_pid() {
  local pid="$1" _
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  peer_note "PID $pid ignored SIGTERM for 10 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# The common `stop` command.
peer_cmd_stop() {
  local pid
  if pid="$(peer_live_pid)"; then
    peer_stop_pid "$pid"
    peer_note "stopped (PID $pid)"
  else
    peer_note "not running"
  fi
  peer_clear_state
}

# The common `status` command: exit 0 and print PID and port when running.
peer_cmd_status() {
  local pid
  if pid="$(peer_live_pid)"; then
    printf 'running: PID %s, port %s\n' "$pid" "$(cat "$PEER_PORT_FILE")"
  else
    printf 'not running\n'
    return 1
  fi
}

# The common `env` command.
peer_cmd_env() {
  peer_live_pid >/dev/null || peer_die "not running (start it with: $0 start)"
  cat "$PEER_ENV_FILE"
}

# The common `url` command.
peer_cmd_url() {
  peer_live_pid >/dev/null || peer_die "not running (start it with: $0 start)"
  printf 'http://127.0.0.1:%s\n' "$(cat "$PEER_PORT_FILE")"
}

# peer_check_loopback PORT: fails if anything but 127.0.0.1 listens on PORT.
peer_check_loopback() {
  local port="$1" addrs
  addrs="$(ss -Hltn "sport = :$port" 2>/dev/null | awk '{print $4}')" || return 0
  [ -n "$addrs" ] || return 0
  if printf '%s\n' "$addrs" | grep -qv "^127\.0\.0\.1:$port\$"; then
    peer_note "port $port is bound beyond loopback: $addrs"
    return 1
  fi
}
