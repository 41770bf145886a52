#!/usr/bin/env bash
# The distribution as an operator installs it: the tarball Maven built, unpacked into an empty
# directory ($EUCALYPTUS), its init scripts run from a plain shell (no systemd): start, status,
# a second start, stop, a crashed process, cleanstart, a preflight that refuses to start, and the
# admin CLI from the installation against the cloud it started.
set -euo pipefail
cd "$(dirname "$0")/.."

TARBALL=$(ls tools/target/eucalyptus-*-dist.tar.gz 2>/dev/null | head -1 || true)
[ -n "$TARBALL" ] || { echo "init-scripts: no distribution tarball (mvn install builds tools/target/eucalyptus-*-dist.tar.gz)" >&2; exit 1; }
WORK=$(mktemp -d)
tar -xzf "$TARBALL" -C "$WORK"
E=$(ls -d "$WORK"/eucalyptus-*)
passed=0; failed=0
ok() { echo "ok - $*"; passed=$((passed+1)); }
fail() { echo "FAIL - $*"; failed=$((failed+1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
# A live process (a zombie waiting for this host's init to reap it is not).
alive_pid() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && ! grep -q ') [ZX] ' "/proc/$1/stat"; }
finish() {
  for c in cloud cc nc sc; do "$E/etc/init.d/eucalyptus-$c" stop >/dev/null 2>&1 || true; done
  if [ "$failed" -gt 0 ]; then
    for f in "$E"/var/log/eucalyptus/*; do echo "---- $f"; tail -n 30 "$f"; done
  fi
  rm -rf "$WORK"
  echo "init-scripts: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] || exit 1 # (errexit is off here: a bare test would not set the exit status)
}
trap finish EXIT

# The layout eucalyptus.conf names.
for f in bin/eucalyptus-cloud bin/eucalyptus-cc bin/eucalyptus-nc bin/euca-admin etc/init.d/eucalyptus-cloud \
    etc/init.d/eucalyptus-cc etc/init.d/eucalyptus-nc etc/eucalyptus/eucalyptus.conf etc/eucalyptus/log4j2.xml \
    lib/launcher.sh lib/init-functions.sh lib/systemd/system/eucalyptus-cc.service bin/eucalyptus-sc \
    etc/init.d/eucalyptus-sc lib/systemd/system/eucalyptus-sc.service; do
  [ -e "$E/$f" ] || fail "the distribution has $f"
done
check "the distribution holds the jars" test "$(ls "$E"/lib/eucalyptus/*.jar | wc -l)" -gt 20
check "the state, log and pid directories exist" test -d "$E/var/lib/eucalyptus" -a -d "$E/var/log/eucalyptus" \
  -a -d "$E/var/run/eucalyptus"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
CLC_PORT=$(free_port); CLC_HTTPS_PORT=$(free_port); CC_PORT=$(free_port); NC_PORT=$(free_port)
cat >> "$E/etc/eucalyptus/eucalyptus.conf" <<CONF

# ---- this test's host
CLC_PORT="$CLC_PORT"
CLC_HTTPS_PORT="$CLC_HTTPS_PORT"
CLC_BIND_ADDR="127.0.0.1"
CLC_CLUSTERS="cluster01=127.0.0.1:$CC_PORT"
CC_PORT="$CC_PORT"
CC_BIND_ADDR="127.0.0.1"
NODES="127.0.0.1:$NC_PORT"
NC_PORT="$NC_PORT"
NC_BIND_ADDR="127.0.0.1"
HYPERVISOR="test"
INSTANCE_PATH="$E/var/lib/eucalyptus/instances"
MAX_DISK="1"
CONF
CC=$E/etc/init.d/eucalyptus-cc
NC=$E/etc/init.d/eucalyptus-nc
CLOUD=$E/etc/init.d/eucalyptus-cloud
PLAIN=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$WORK")

set +e
out=$("${PLAIN[@]}" "$CC" status); rc=$?
check "status of a stopped CC says so (exit 3)" test "$rc" = 3 -a "$out" = "eucalyptus-cc is not running"
out=$("${PLAIN[@]}" "$CC" start); rc=$?
check "the CC starts from a plain shell" test "$rc" = 0
echo "$out" | grep -q "eucalyptus-cc started (pid" && ok "start says where" || fail "start output: $out"
pid=$(cat "$E/var/run/eucalyptus/eucalyptus-cc.pid" 2>/dev/null)
check "its pid file names a live process" alive_pid "$pid"
out=$("${PLAIN[@]}" "$CC" status); rc=$?
check "status says running (exit 0)" test "$rc" = 0 -a "$out" = "eucalyptus-cc is running (pid $pid)"
out=$("${PLAIN[@]}" "$CC" start); rc=$?
check "a second start changes nothing" test "$rc" = 0 -a "$out" = "eucalyptus-cc is already running (pid $pid)"
check "it logs under var/log/eucalyptus" test -s "$E/var/log/eucalyptus/eucalyptus-cc.log"
grep -q "cluster controller ready" "$E/var/log/eucalyptus/eucalyptus-cc.log" && ok "the log says it is ready" \
  || fail "the log says it is ready"

# cleanstart forgets the network state, keeps the registered nodes.
mkdir -p "$E/var/lib/eucalyptus/CC/network" "$E/var/lib/eucalyptus/CC/applied"
echo "network	10	111122223333	web" > "$E/var/lib/eucalyptus/CC/network/network.state"
echo "10.0.0.99:8775" > "$E/var/lib/eucalyptus/CC/nodes.keep"
out=$("${PLAIN[@]}" "$CC" cleanstart); rc=$?
check "cleanstart restarts the CC" test "$rc" = 0
check "cleanstart forgot the network state" test ! -e "$E/var/lib/eucalyptus/CC/network/network.state"
check "cleanstart kept the rest" test -e "$E/var/lib/eucalyptus/CC/nodes.keep"
newpid=$(cat "$E/var/run/eucalyptus/eucalyptus-cc.pid")
check "a new process runs" test "$newpid" != "$pid" -a -n "$newpid"

out=$("${PLAIN[@]}" "$CC" stop); rc=$?
check "stop stops it" test "$rc" = 0 -a "$out" = "eucalyptus-cc stopped"
check "no process is left" bash -c "$(declare -f alive_pid); ! alive_pid $newpid"
check "no pid file is left" test ! -e "$E/var/run/eucalyptus/eucalyptus-cc.pid"

# A crashed process: status tells it apart from a stopped one, and start recovers.
"${PLAIN[@]}" "$CC" start >/dev/null
kill -9 "$(cat "$E/var/run/eucalyptus/eucalyptus-cc.pid")"; sleep 1
out=$("${PLAIN[@]}" "$CC" status); rc=$?
check "status after a crash (exit 1)" test "$rc" = 1
echo "$out" | grep -q "dead but its pid file remains" && ok "status says the process died" || fail "status: $out"
out=$("${PLAIN[@]}" "$CC" start); rc=$?
check "start after a crash" test "$rc" = 0
"${PLAIN[@]}" "$CC" stop >/dev/null

# A preflight that fails: one line per problem, and nothing starts.
cp "$E/etc/eucalyptus/eucalyptus.conf" "$WORK/bad.conf"
printf 'VNET_MODE="MANAGED"\nVNET_PRIVINTERFACE="nosuch0"\nVNET_PUBINTERFACE="nosuch1"\nCC_STATE_DIR="%s"\n' \
  "$WORK/cc-bad" >> "$WORK/bad.conf"
out=$("${PLAIN[@]}" EUCA_CONF="$WORK/bad.conf" "$CC" start 2>&1); rc=$?
check "a failing preflight refuses to start (exit 1)" test "$rc" = 1
echo "$out" | grep -q "VNET_PRIVINTERFACE=nosuch0: there is no such interface" && ok "it names the missing interface" \
  || fail "preflight output: $out"
echo "$out" | grep -q "VNET_PUBINTERFACE=nosuch1" && ok "and the other one" || fail "preflight output: $out"
check "nothing runs after a refused start" test ! -e "$E/var/run/eucalyptus/eucalyptus-cc.pid"
printf 'HYPERVISOR="xen"\nVNET_MODE="MANAGED-NOVLAN"\n' >> "$WORK/bad.conf"
out=$("${PLAIN[@]}" EUCA_CONF="$WORK/bad.conf" "$NC" start 2>&1); rc=$?
check "the NC's preflight refuses too" test "$rc" = 1
echo "$out" | grep -q "not running on Xen" && echo "$out" | grep -q "needs VNET_BRIDGE" && ok "with its reasons" \
  || fail "NC preflight output: $out"

# The storage controller: its own tgtd (this test's tgt ports), started and stopped by its init
# script, and a preflight that names a volume group that is not there.
if command -v tgtd >/dev/null && [ "$(id -u)" = 0 ]; then
  SC=$E/etc/init.d/eucalyptus-sc
  SC_CONF=$WORK/sc.conf
  cp "$E/etc/eucalyptus/eucalyptus.conf" "$SC_CONF"
  printf 'SC_PORT="%s"\nSC_BIND_ADDR="127.0.0.1"\nSC_ISCSI_PORTAL="127.0.0.1:13313"\nSC_TGT_CONTROL_PORT="7113"\nSC_START_TGTD="Y"\n' \
    "$(free_port)" >> "$SC_CONF"
  out=$("${PLAIN[@]}" EUCA_CONF="$SC_CONF" "$SC" start 2>&1); rc=$?
  check "eucalyptus-sc starts" test "$rc" = 0
  grep -q "storage controller ready" "$E/var/log/eucalyptus/eucalyptus-sc.log" && ok "the SC's log says it is ready" \
    || fail "SC log: $(tail -5 "$E/var/log/eucalyptus/eucalyptus-sc.log" 2>&1)"
  tgtadm -C 7113 --lld iscsi --op show --mode sys >/dev/null 2>&1 && ok "its tgtd answers" || fail "its tgtd answers"
  out=$("${PLAIN[@]}" EUCA_CONF="$SC_CONF" "$SC" stop); rc=$?
  check "eucalyptus-sc stops" test "$rc" = 0
  check "and its tgtd with it" test ! -e "$E/var/lib/eucalyptus/volumes/tgtd.pid"
  printf 'SC_BACKEND="lvm"\nSC_VOLUME_GROUP="nosuchvg"\n' >> "$SC_CONF"
  out=$("${PLAIN[@]}" EUCA_CONF="$SC_CONF" "$SC" start 2>&1); rc=$?
  check "the SC's preflight refuses a missing volume group" test "$rc" = 1
  echo "$out" | grep -q "nosuchvg" && ok "naming it" || fail "SC preflight output: $out"
else
  echo "skip - the storage controller (needs root and tgt: apt-get install tgt)"
fi

# The three together, and the admin CLI of the installation.
for s in "$NC" "$CC" "$CLOUD"; do
  out=$("${PLAIN[@]}" "$s" start); rc=$?
  check "$(basename "$s") starts" test "$rc" = 0
done
EUCARC=$E/var/lib/eucalyptus/eucarc
check "the cloud wrote the admin's eucarc under var/lib/eucalyptus" test -s "$EUCARC"
out=$("${PLAIN[@]}" "$E/bin/euca-admin" list-accounts --eucarc "$EUCARC" 2>&1); rc=$?
echo "$out" | grep -q "^ACCOUNT	eucalyptus	" && ok "euca-admin from the installation reaches the cloud" \
  || fail "euca-admin: $out"
# The HTTPS twin, checked against the cloud's CA as a client would: an unsigned request gets EC2's error.
out=$(curl -sS --cacert "$E/var/lib/eucalyptus/cloud-cert.pem" \
  "https://localhost:$CLC_HTTPS_PORT/services/Eucalyptus?Action=DescribeRegions" 2>&1)
grep -q "<Code>" <<<"$out" && grep -q "must be signed" <<<"$out" && ok "the cloud answers over HTTPS with a certificate its CA issued" || fail "HTTPS: $out"
for i in $(seq 1 30); do
  out=$("${PLAIN[@]}" "$E/bin/euca-admin" list-nodes --cluster cluster01 --eucarc "$EUCARC" 2>&1)
  echo "$out" | grep -q "	UP	conf	" && break; sleep 1
done
echo "$out" | grep -q "127.0.0.1:$NC_PORT	UP	conf	" && ok "the cluster reports its node up" || fail "list-nodes: $out"
for s in "$CLOUD" "$CC" "$NC"; do
  out=$("${PLAIN[@]}" "$s" stop); rc=$?
  check "$(basename "$s") stops" test "$rc" = 0
done
left=$(pgrep -f -- "-cp $E/lib/eucalyptus" || true)
check "no component is left running" test -z "$left" -a -z "$(ls "$E"/var/run/eucalyptus/ 2>/dev/null)"
