#!/usr/bin/env bash
# The whole story on a cloud laid out across hosts, each host a network namespace with its own
# installation of the distribution tarball ($EUCALYPTUS) and its own keys:
#   front end (CLC + Walrus + CC, MANAGED networking over VXLAN)   10.0.0.1 on the LAN, 10.99.0.1 public
#   two node hosts (NC, QEMU guests through the embedded libvirt)  10.0.0.11, 10.0.0.12
#   the outside world, where the user sits                         10.99.0.200
# Each component runs as its own process under its init script; the administrator registers the
# cluster and the nodes with euca_conf (which hands each its certificate). Then a user with a
# credentials zip, our bundle tools and the AWS CLI bundles, uploads and registers the tiny test
# guest, makes a key pair, opens a port in the default group, runs two instances (one per node),
# sees each boot, lease its address by DHCP and read its instance id, public key and user data from
# the metadata service (in get-console-output), reaches a guest's port through an elastic IP, and
# terminates both; then every address, segment, domain and disk must be released.
# Needs root, QEMU, libvirt's QEMU driver, the AWS CLI, iptables, dnsmasq and br_netfilter.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd -P)

skip() { if [ "${CI:-}" = true ]; then echo "cloud-across-hosts: $1" >&2; exit 1; fi; echo "cloud-across-hosts: SKIPPED ($1)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "network namespaces and guests need root"
for c in qemu-system-x86_64 aws iptables-restore dnsmasq ip; do
  command -v "$c" >/dev/null || skip "no $c (apt-get install qemu-system-x86 awscli iptables dnsmasq-base iproute2)"
done
modprobe br_netfilter 2>/dev/null || true
[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || skip "no br_netfilter (modprobe br_netfilter)"
TARBALL=$(ls tools/target/eucalyptus-*-dist.tar.gz 2>/dev/null | head -1 || true)
[ -n "$TARBALL" ] || { echo "cloud-across-hosts: no distribution tarball (mvn install builds it)" >&2; exit 1; }
GUEST=$(tests/guest/build-test-guest | tail -1)

WORK=$(mktemp -d /tmp/cloud-across-hosts.XXXXXX)
P=ah$$ # namespace and interface prefix (interface names have 15 characters at most)
FE=${P}fe N1=${P}n1 N2=${P}n2 OUT=${P}out
passed=0; failed=0
ok() { echo "ok - $*"; passed=$((passed+1)); }
# E2E_KEEP=1: stop at the first failure and leave the hosts running, to look around.
fail() { echo "FAIL - $*"; failed=$((failed+1)); if [ "${E2E_KEEP:-}" = 1 ]; then exit 1; fi; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
# await SECONDS WHAT COMMAND...: until COMMAND succeeds
await() { local t=$1 what=$2; shift 2; for _ in $(seq 1 $((t * 2))); do "$@" >/dev/null 2>&1 && { ok "$what"; return 0; }; sleep 0.5; done; fail "$what"; return 1; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
contains() { [[ "$1" == *"$2"* ]]; }
starts() { [[ "$1" == "$2"* ]]; }

finish() {
  set +e
  if [ "${E2E_KEEP:-}" = 1 ] && [ "$failed" -gt 0 ]; then
    echo "cloud-across-hosts: kept $WORK and the namespaces $FE $N1 $N2 $OUT"; return 1
  fi
  for h in n1 n2; do in_ns "${P}$h" "$WORK/$h/etc/init.d/eucalyptus-nc" stop >/dev/null 2>&1; done
  in_ns "$FE" "$WORK/fe/etc/init.d/eucalyptus-cc" stop >/dev/null 2>&1
  in_ns "$FE" "$WORK/fe/etc/init.d/eucalyptus-cloud" stop >/dev/null 2>&1
  if [ "$failed" -gt 0 ]; then
    for f in "$WORK"/*/var/log/eucalyptus/*.log; do echo "---- $f"; tail -n 40 "$f"; done
  fi
  for ns in "$FE" "$N1" "$N2" "$OUT"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$WORK"
  echo "cloud-across-hosts: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] || exit 1 # (errexit is off here: a bare test would not set the exit status)
}
trap finish EXIT

# ---- the hosts and their wires
for ns in "$FE" "$N1" "$N2" "$OUT"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$FE" link add lan0 type bridge
ip -n "$FE" addr add 10.0.0.1/24 dev lan0
ip -n "$FE" link set lan0 up
i=0
for n in "$N1" "$N2"; do
  i=$((i + 1))
  ip link add "${P}l$i" netns "$FE" type veth peer name eth0 netns "$n"
  ip -n "$FE" link set "${P}l$i" master lan0 up
  ip -n "$n" addr add "10.0.0.1$i/24" dev eth0
  ip -n "$n" link set eth0 up
done
ip link add pub0 netns "$FE" type veth peer name eth0 netns "$OUT"
ip -n "$FE" addr add 10.99.0.1/24 dev pub0
ip -n "$FE" link set pub0 up
ip -n "$OUT" addr add 10.99.0.200/24 dev eth0
ip -n "$OUT" link set eth0 up
ip -n "$OUT" route add 10.0.0.0/24 via 10.99.0.1 # the front end's public services
in_ns "$FE" sysctl -qw net.ipv4.ip_forward=1
# lan0 stands for the LAN's switch: it forwards frames, it does not firewall them.
in_ns "$FE" sysctl -qw net.bridge.bridge-nf-call-iptables=0 2>/dev/null || true

# ---- each host installs the distribution
install_host() { # install_host NAME: the tarball unpacked into WORK/NAME, its $EUCALYPTUS
  mkdir -p "$WORK/$1.tmp"
  tar -xzf "$TARBALL" -C "$WORK/$1.tmp"
  mv "$WORK/$1.tmp"/eucalyptus-* "$WORK/$1"
  rmdir "$WORK/$1.tmp"
}
for h in fe n1 n2; do install_host "$h"; done
cat >> "$WORK/fe/etc/eucalyptus/eucalyptus.conf" <<CONF

# ---- the front end of this test
CLC_PORT="8773"
CLC_BIND_ADDR="0.0.0.0"
CLC_PUBLIC_HOST="10.0.0.1"
CC_PORT="8774"
CC_BIND_ADDR="10.0.0.1"
SCHEDPOLICY="ROUNDROBIN"
NC_POLLING_FREQUENCY="2"
VNET_MODE="MANAGED"
VNET_SEGMENT="vxlan"
VNET_SUBNET="10.10.0.0"
VNET_NETMASK="255.255.0.0"
VNET_ADDRSPERNET="32"
VNET_PRIVINTERFACE="lan0"
VNET_PUBINTERFACE="pub0"
VNET_LOCALIP="10.0.0.1"
VNET_DNS="10.0.0.1"
VNET_CLOUDIP="10.0.0.1"
CC_NETWORK_IDLE_SEC="5"
CONF
for i in 1 2; do
  H="$WORK/n$i"
  cat >> "$H/etc/eucalyptus/eucalyptus.conf" <<CONF

# ---- node host $i of this test
NC_PORT="8775"
NC_BIND_ADDR="10.0.0.1$i"
HYPERVISOR="qemu"
LIBVIRT_URI="qemu:///embed?root=$H/var/lib/eucalyptus/libvirt"
INSTANCE_PATH="$H/var/lib/eucalyptus/instances"
MAX_CORES="1"
MAX_MEM="1024"
MAX_DISK="10"
VNET_MODE="MANAGED"
VNET_SEGMENT="vxlan"
VNET_PUBINTERFACE="eth0"
VNET_LOCALIP="10.0.0.1$i"
CONF
done

# ---- each component as its own process, under its init script
check "the cloud controller starts on the front end" in_ns "$FE" "$WORK/fe/etc/init.d/eucalyptus-cloud" start
check "the cluster controller starts on the front end" in_ns "$FE" "$WORK/fe/etc/init.d/eucalyptus-cc" start
check "the node controller starts on node host 1" in_ns "$N1" "$WORK/n1/etc/init.d/eucalyptus-nc" start
check "the node controller starts on node host 2" in_ns "$N2" "$WORK/n2/etc/init.d/eucalyptus-nc" start
EUCARC="$WORK/fe/var/lib/eucalyptus/eucarc"
await 120 "the cloud controller wrote the administrator's eucarc" test -f "$EUCARC" || exit 1

# ---- the administrator wires them together
ADMIN=(in_ns "$FE" "$WORK/fe/bin/euca-admin")
CONFCMD=(in_ns "$FE" "$WORK/fe/bin/euca_conf")
check "euca_conf --register-cluster" "${CONFCMD[@]}" --eucarc "$EUCARC" --register-cluster --partition cluster01 \
  --host 10.0.0.1 --port 8774
check "euca_conf --register-nodes, both hosts" "${CONFCMD[@]}" --eucarc "$EUCARC" --register-nodes "10.0.0.11 10.0.0.12"
check "the admin sets the cluster's public addresses" "${ADMIN[@]}" set-addresses --eucarc "$EUCARC" cluster01 \
  10.99.0.50-10.99.0.59
services() { "${CONFCMD[@]}" --eucarc "$EUCARC" --list-services; }
all_enabled() { local s; s=$(services); for n in 10.0.0.11:8775 10.0.0.12:8775; do
  echo "$s" | grep -q "SERVICE	node	cluster01	$n	ENABLED" || return 1; done
  echo "$s" | grep -q "SERVICE	cluster	cluster01	cluster01	ENABLED"; }
await 60 "every service ENABLED (euca_conf --list-services)" all_enabled
check "each host got its own certificate, its private key made there" test -f "$WORK/n1/var/lib/eucalyptus/keys/node-cert.pem" \
  -a -f "$WORK/n2/var/lib/eucalyptus/keys/node-cert.pem" -a -f "$WORK/fe/var/lib/eucalyptus/keys/cluster-cert.pem"
check "the nodes are listed enrolled" test "$("${CONFCMD[@]}" --eucarc "$EUCARC" --list-nodes | grep -c 'enrolled$')" = 2

# ---- a user with a credentials zip
check "an account for the user" "${ADMIN[@]}" create-account alice --eucarc "$EUCARC"
check "the user's credentials zip" "${ADMIN[@]}" get-credentials --eucarc "$EUCARC" -a alice -u admin "$WORK/alice.zip"
mkdir -p "$WORK/alice"
(cd "$WORK/alice" && python3 -m zipfile -e "$WORK/alice.zip" .)
as_user() { ( set -a; . "$WORK/alice/eucarc"; set +a; in_ns "$OUT" "$@" ); }
AWS() { as_user aws --endpoint-url "$(. "$WORK/alice/eucarc"; echo "$EC2_URL")" --output text "$@"; }

bundle() { # bundle FILE [euca-bundle-image flags]: the registered image's id
  local f=$1; shift
  as_user "$WORK/fe/bin/euca-bundle-image" -i "$f" -d "$WORK/alice/bundles" "$@" >/dev/null 2>&1 &&
  as_user "$WORK/fe/bin/euca-upload-bundle" -b alice-images -m "$WORK/alice/bundles/$(basename "$f").manifest.xml" \
    >/dev/null 2>&1 &&
  as_user "$WORK/fe/bin/euca-register" "alice-images/$(basename "$f").manifest.xml" -n "e2e-$(basename "$f")" \
    | awk '{print $2}'
}
EKI=$(bundle "$GUEST/vmlinuz" --kernel true || true)
ERI=$(bundle "$GUEST/initrd.gz" --ramdisk true || true)
EMI=$(bundle "$GUEST/disk.img" --kernel "$EKI" --ramdisk "$ERI" || true)
check "bundled, uploaded and registered the kernel ($EKI)" starts "$EKI" eki-
check "bundled, uploaded and registered the ramdisk ($ERI)" starts "$ERI" eri-
check "bundled, uploaded and registered the image ($EMI)" starts "$EMI" emi-

KEY=$(AWS ec2 create-key-pair --key-name e2e --query KeyMaterial || true)
check "a key pair" contains "$KEY" "PRIVATE KEY"
check "port 8080 open in the default group" AWS ec2 authorize-security-group-ingress --group-name default \
  --protocol tcp --port 8080 --cidr 0.0.0.0/0
IIDS=$(AWS ec2 run-instances --image-id "$EMI" --instance-type m1.small --count 2 --key-name e2e \
  --user-data across-hosts-e2e --query 'Instances[].InstanceId' || true)
read -r I1 I2 <<< "$IIDS"
check "two instances ($I1 $I2)" starts "$I1$I2" i-
state() { AWS ec2 describe-instances --instance-ids "$1" --query 'Reservations[0].Instances[0].State.Name'; }
both_running() { [ "$(state "$I1")" = running ] && [ "$(state "$I2")" = running ]; }
await 300 "both instances running" both_running
one_each() { [ "$(ls "$WORK/n1/var/lib/eucalyptus/instances/work"/*/ 2>/dev/null | grep -c '^i-')" = 1 ] &&
  [ "$(ls "$WORK/n2/var/lib/eucalyptus/instances/work"/*/ 2>/dev/null | grep -c '^i-')" = 1 ]; }
check "one instance on each node host" one_each

console() { aws_out=$(AWS ec2 get-console-output --instance-id "$1" --query Output 2>/dev/null || true); echo "$aws_out"; }
for iid in "$I1" "$I2"; do
  done_booting() { console "$iid" | grep -q 'EUCA-DONE'; }
  await 400 "$iid booted (EUCA-DONE on its console)" done_booting || continue
  out=$(console "$iid")
  check "$iid leased its address by DHCP" contains "$out" "EUCA-DHCP: 10.10."
  check "$iid read its own instance id from the metadata service" contains "$out" "EUCA-METADATA instance-id=$iid"
  check "$iid read its public key" contains "$out" "EUCA-METADATA public-key=ssh-rsa "
  check "$iid read its user data" contains "$out" "EUCA-METADATA user-data=across-hosts-e2e"
  check "$iid serves a page on port 8080" contains "$out" "EUCA-HTTPD: serving on 8080"
done

EIP=$(AWS ec2 allocate-address --query PublicIp || true)
check "an elastic IP ($EIP)" starts "$EIP" 10.99.0.
check "associated with $I1" AWS ec2 associate-address --instance-id "$I1" --public-ip "$EIP"
reach() { in_ns "$OUT" timeout 4 busybox wget -q -O - "http://$EIP:8080/" | grep -q 'hello from'; }
await 60 "the guest's port 8080 answers from outside through $EIP" reach

# ---- terminate both, and everything they held goes
PRIV=$(AWS ec2 describe-instances --instance-ids "$I1" "$I2" --query 'Reservations[].Instances[].PrivateIpAddress' || true)
AWS ec2 terminate-instances --instance-ids "$I1" "$I2" >/dev/null || true
both_gone() { [ "$(state "$I1")" = terminated ] && [ "$(state "$I2")" = terminated ]; }
await 120 "both instances terminated" both_gone
no_guests() { ! pgrep -f "qemu-system.*($I1|$I2)" >/dev/null; }
await 60 "no guest process left (domains released)" no_guests
no_disks() { [ -z "$(ls "$WORK"/n?/var/lib/eucalyptus/instances/work/*/ 2>/dev/null | grep '^i-')" ]; }
await 60 "no instance directory or disk left on the nodes" no_disks
no_segments() { for ns in "$N1" "$N2" "$FE"; do [ -z "$(ip -n "$ns" -o link show type vxlan)" ] || return 1; done; }
await 90 "no VXLAN segment left on any host" no_segments
no_nat() { local rules; rules=$(in_ns "$FE" iptables-save -t nat); for a in $EIP $PRIV; do
  grep -qE -- "(^|[^0-9.])${a//./\\.}([^0-9.]|$)" <<< "$rules" && return 1; done; return 0; }
await 60 "no NAT rule left for the instances" no_nat
unassociated() { local who; who=$(AWS ec2 describe-addresses --public-ips "$EIP" --query 'Addresses[0].InstanceId') &&
  { [ -z "$who" ] || [ "$who" = None ]; }; }
await 30 "the elastic IP is no longer associated" unassociated
check "the elastic IP released" AWS ec2 release-address --public-ip "$EIP"
no_public() { ! ip -n "$FE" -o addr show dev pub0 | grep -q '10\.99\.0\.5'; }
await 30 "no public address left on the front end" no_public
