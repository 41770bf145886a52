# The init scripts' shared part: start, stop, restart, status and cleanstart for one component,
# with a pid file under var/run/eucalyptus and the logs under var/log/eucalyptus. Plain bash
# and kill(1): it runs without systemd (the units in lib/systemd/system call it too).
# shellcheck shell=bash

# The caller sets: NAME (eucalyptus-cc), LAUNCHER (bin/eucalyptus-cc), PORT_KEY (CC_PORT),
# DEFAULT_PORT (8774), and optionally cleanstart_hook (what cleanstart forgets).

euca_init() {
  here=$(cd "$(dirname "$0")" && pwd -P)
  # An installation named by $EUCALYPTUS (a copy of this script in /etc/init.d, with
  # /etc/default/eucalyptus setting it), $EUCALYPTUS/etc/init.d/NAME, or a checkout's tools/init.d/NAME.
  if [ -n "${EUCALYPTUS:-}" ] && [ -d "$EUCALYPTUS/lib/eucalyptus" ]; then
    BIN="$EUCALYPTUS/bin"
  elif [ -d "$here/../../lib/eucalyptus" ]; then
    EUCALYPTUS=$(cd "$here/../.." && pwd -P)
    BIN="$EUCALYPTUS/bin"
  else
    EUCALYPTUS=${EUCALYPTUS:-$(cd "$here/../.." && pwd -P)}
    BIN="$here/../bin"
  fi
  export EUCALYPTUS
  CONF=${EUCA_CONF:-$EUCALYPTUS/etc/eucalyptus/eucalyptus.conf}
  RUN_DIR=${EUCA_RUN_DIR:-$EUCALYPTUS/var/run/eucalyptus}
  LOG_DIR=${EUCA_LOG_DIR:-$EUCALYPTUS/var/log/eucalyptus}
  PID_FILE="$RUN_DIR/$NAME.pid"
  CONSOLE="$LOG_DIR/$NAME-console.log"
  export EUCA_LOG_DIR="$LOG_DIR"
}

# conf KEY DEFAULT: the value eucalyptus.conf gives KEY (the last assignment), or DEFAULT.
conf() {
  v=""
  if [ -r "$CONF" ]; then
    v=$(sed -n "s/^[[:space:]]*$1=\"\{0,1\}\([^\"#]*\)\"\{0,1\}.*/\1/p" "$CONF" | tail -1 | sed 's/[[:space:]]*$//')
  fi
  [ -n "$v" ] && echo "$v" || echo "$2"
}

# alive PID: the process exists, is not a zombie (a host whose init does not reap would keep it),
# and is this component (a pid file outliving its process may name a reused pid).
alive() {
  exists "$1" && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q -- "-Deuca.component=$NAME "
}

# exists PID: the process exists and is not a zombie.
exists() {
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
  state=$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)
  [ "$state" != Z ] && [ "$state" != X ]
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  pid=$(cat "$PID_FILE" 2>/dev/null)
  alive "$pid" && { echo "$pid"; return 0; }
  return 1
}

conf_args() {
  if [ -r "$CONF" ]; then
    echo "--conf $CONF --set EUCALYPTUS=$EUCALYPTUS"
  else
    echo "--set EUCALYPTUS=$EUCALYPTUS"
  fi
}

do_start() {
  if pid=$(running_pid); then
    echo "$NAME is already running (pid $pid)"
    return 0
  fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # Preflight: each problem on a line of its own, and no start.
  # shellcheck disable=SC2046
  if ! problems=$("$BIN/$LAUNCHER" --preflight $(conf_args) 2>&1); then
    echo "$NAME: not started:"
    echo "$problems" | sed 's/^/  /'
    return 1
  fi
  # shellcheck disable=SC2046
  nohup "$BIN/$LAUNCHER" $(conf_args) >> "$CONSOLE" 2>&1 < /dev/null &
  started=$!
  echo "$started" > "$PID_FILE"
  port=$(conf "$PORT_KEY" "$DEFAULT_PORT")
  bind=$(conf "$BIND_KEY" "127.0.0.1")
  [ "$bind" = "0.0.0.0" ] && bind=127.0.0.1
  i=0
  while [ $i -lt "${EUCA_START_TIMEOUT:-120}" ]; do
    # The pid just started, not alive(): until the launcher script has exec'd java, its command line
    # does not name the component yet (on a busy host that took long enough to be taken for a failure).
    if ! exists "$started"; then
      echo "$NAME failed to start; the end of $CONSOLE:"
      tail -n 15 "$CONSOLE" | sed 's/^/  /'
      rm -f "$PID_FILE"
      return 1
    fi
    if (exec 3<>"/dev/tcp/$bind/$port") 2>/dev/null; then
      echo "$NAME started (pid $(cat "$PID_FILE"), port $port; logs in $LOG_DIR)"
      return 0
    fi
    sleep 1
    i=$((i + 1))
  done
  echo "$NAME did not open port $port within ${EUCA_START_TIMEOUT:-120} s (still running as pid $(cat "$PID_FILE"))"
  return 1
}

do_stop() {
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"
    echo "$NAME is not running"
    return 0
  fi
  kill "$pid"
  i=0
  while alive "$pid"; do
    if [ $i -ge "${EUCA_STOP_TIMEOUT:-30}" ]; then
      echo "$NAME did not stop within ${EUCA_STOP_TIMEOUT:-30} s: killed"
      kill -9 "$pid" 2>/dev/null
      break
    fi
    sleep 1
    i=$((i + 1))
  done
  rm -f "$PID_FILE"
  echo "$NAME stopped"
}

do_status() {
  if pid=$(running_pid); then
    echo "$NAME is running (pid $pid)"
    return 0
  fi
  if [ -f "$PID_FILE" ]; then
    echo "$NAME is dead but its pid file remains ($PID_FILE)"
    return 1
  fi
  echo "$NAME is not running"
  return 3
}

euca_main() {
  euca_init
  case "${1:-}" in
    start) do_start ;;
    stop) do_stop ;;
    restart) do_stop && do_start ;;
    status) do_status ;;
    cleanstart)
      do_stop
      if command -v cleanstart_hook >/dev/null 2>&1; then cleanstart_hook; fi
      do_start ;;
    *) echo "Usage: $0 {start|stop|restart|status|cleanstart}" >&2; return 2 ;;
  esac
}
