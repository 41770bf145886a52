#!/usr/bin/env bash
# A new user's first steps with real guests: tools/cloud-in-a-box --hypervisor qemu registers the tiny
# test guest (bundled, uploaded and registered like a user's image) as its default image; then
# `aws ec2 run-instances` boots it under QEMU, and `aws ec2 get-console-output` shows the guest
# kernel's lines and the guest's marker; the guest leases its address by DHCP, reads its instance
# id, key and user data from the metadata service, and answers at its public address. Then two
# more instances run and end one after the other on the same network: each leases the address the
# one before released (dnsmasq still holds its lease) and reads its own id and user data (a nonce
# only the metadata service can have given it). With the box's storage controller (root and tgt),
# EBS too: a volume attached to the running guest (its console shows the disk), snapshotted, and a
# volume made from the snapshot read by the second guest (see the EBS part below), and an instance of
# an EBS-backed image booted from its root volume (deleted when it ends). Needs QEMU,
# libvirt's QEMU driver, iptables, dnsmasq and root.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { if [ "${CI:-}" = true ]; then echo "cloud-in-a-box-qemu: $1" >&2; exit 1; fi; echo "cloud-in-a-box-qemu: SKIPPED ($1)"; exit 0; }
command -v aws >/dev/null || skip "no aws command (apt-get install awscli)"
command -v qemu-system-x86_64 >/dev/null || skip "no QEMU (apt-get install qemu-system-x86 qemu-utils libvirt-daemon-driver-qemu)"
[ "$(id -u)" = 0 ] || skip "guests of the embedded libvirt run as root"
for c in iptables-restore dnsmasq; do command -v "$c" >/dev/null || skip "no $c for the guests' network (apt-get install iptables dnsmasq-base)"; done

WORK=$(mktemp -d)
export CLC_PORT=${QSMOKE_CLC_PORT:-28773} CLC_HTTPS_PORT=${QSMOKE_CLC_HTTPS_PORT:-28443} CC_PORT=${QSMOKE_CC_PORT:-28774} NC_PORT=${QSMOKE_NC_PORT:-28775}
export WALRUS_ROOT_PORT=${QSMOKE_WALRUS_ROOT_PORT:-28780}
tools/cloud-in-a-box --data-dir "$WORK" --hypervisor qemu > "$WORK/cloud.out" 2>&1 &
CLOUD=$!
passed=0; failed=0
ok() { echo "ok - $*"; passed=$((passed+1)); }
fail() { echo "FAIL - $*"; failed=$((failed+1)); }
finish() {
  kill -TERM $CLOUD 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 $CLOUD 2>/dev/null || break; sleep 0.5; done
  kill -9 $CLOUD 2>/dev/null || true
  for f in "$WORK"/run/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  pkill -f "qemu-system-x86_64.*$WORK" 2>/dev/null || true
  if [ "$failed" -gt 0 ]; then
    echo "---- cloud-in-a-box output"; cat "$WORK/cloud.out"; tail -n 40 "$WORK"/log/*.log 2>/dev/null || true
  fi
  rm -rf "$WORK"
  echo "cloud-in-a-box-qemu: $passed passed, $failed failed"
}
trap 'finish' EXIT

for _ in $(seq 1 360); do grep -q 'Press Ctrl-C' "$WORK/cloud.out" 2>/dev/null && break; kill -0 $CLOUD || break; sleep 0.5; done
grep -q 'Press Ctrl-C' "$WORK/cloud.out" && ok "cloud-in-a-box --hypervisor qemu started" || { fail "cloud-in-a-box did not start"; exit 1; }
# shellcheck disable=SC1091
. "$WORK/var/lib/eucalyptus/eucarc"
EMI=$(cat "$WORK/default-image-id")
AWS="aws --endpoint-url $EC2_URL --output text"
kernel=$($AWS ec2 describe-images --image-ids "$EMI" --query 'Images[0].KernelId')
echo "$kernel" | grep -q '^eki-' && ok "the default image $EMI boots with kernel $kernel" || fail "default image kernel: $kernel"

# The same story as on separate hosts (tests/cloud-across-hosts.sh): a key, a port, user data.
$AWS ec2 create-key-pair --key-name box --query KeyMaterial > "$WORK/box.pem" && ok "create-key-pair" || fail "create-key-pair"
$AWS ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 8080 --cidr 0.0.0.0/0 >/dev/null \
  && ok "port 8080 open in the default group" || fail "authorize-security-group-ingress"
NONCE=in-a-box-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
iid=$($AWS ec2 run-instances --image-id "$EMI" --instance-type m1.small --count 1 --key-name box \
  --user-data "$NONCE" --query 'Instances[0].InstanceId')
echo "$iid" | grep -q '^i-' && ok "run-instances: $iid" || { fail "run-instances: $iid"; exit 1; }
state=""
for _ in $(seq 1 300); do
  state=$($AWS ec2 describe-instances --instance-ids "$iid" --query 'Reservations[0].Instances[0].State.Name')
  [ "$state" = running ] && break; [ "$state" = terminated ] && break; sleep 0.5
done
[ "$state" = running ] && ok "the instance is running" || fail "state: $state"
console=""
for _ in $(seq 1 180); do
  console=$(aws --endpoint-url "$EC2_URL" ec2 get-console-output --instance-id "$iid" --output text --query Output 2>/dev/null || true)
  echo "$console" | grep -q 'EUCA-MARKER' && break; sleep 1
done
echo "$console" | grep -q 'Linux version' && ok "get-console-output shows the guest kernel's lines" || fail "no kernel lines"
echo "$console" | grep -q 'EUCA-MARKER: guest booted from disk' && ok "get-console-output shows the guest's marker" \
  || fail "no marker in: $(echo "$console" | tail -5)"
# The guest's network: DHCP, the metadata service, and its public address from this machine.
for _ in $(seq 1 240); do
  console=$(aws --endpoint-url "$EC2_URL" ec2 get-console-output --instance-id "$iid" --output text --query Output 2>/dev/null || true)
  echo "$console" | grep -q 'EUCA-DONE' && break; sleep 1
done
echo "$console" | grep -q 'EUCA-DHCP: 10\.198\.' && ok "the guest leased its address by DHCP" \
  || fail "no DHCP lease in: $(echo "$console" | grep EUCA- | tail -5)"
FIRST_LEASE=$(echo "$console" | sed -n 's/^EUCA-DHCP: \(10\.198\.[0-9.]*\).*/\1/p' | head -1)
echo "$console" | grep -q "EUCA-METADATA instance-id=$iid" && ok "the guest read its instance id from the metadata service" \
  || fail "no instance id from the metadata service"
echo "$console" | grep -q 'EUCA-METADATA public-key=ssh-rsa ' && ok "the guest read its public key" || fail "no public key"
echo "$console" | grep -q "EUCA-METADATA user-data=$NONCE" && ok "the guest read its user data" || fail "no user data"
pub=$($AWS ec2 describe-instances --instance-ids "$iid" --query 'Reservations[0].Instances[0].PublicIpAddress')
page=""
for _ in $(seq 1 60); do page=$(curl -s -m 3 "http://$pub:8080/" || true); [ -n "$page" ] && break; sleep 1; done
echo "$page" | grep -q 'hello from' && ok "the guest's port 8080 answers at its public address $pub" \
  || fail "nothing on http://$pub:8080/"
# terminate_and_wait IID WHAT: terminates IID, checks it ends, and waits for its QEMU to go.
terminate_and_wait() {
  local iid=$1 what=$2 state=""
  $AWS ec2 terminate-instances --instance-ids "$iid" >/dev/null
  for _ in $(seq 1 120); do
    state=$($AWS ec2 describe-instances --instance-ids "$iid" --query 'Reservations[0].Instances[0].State.Name')
    [ "$state" = terminated ] && break; sleep 0.5
  done
  [ "$state" = terminated ] && ok "$what is terminated" || fail "$what after terminate: $state"
  for _ in $(seq 1 40); do pgrep -f "qemu-system-x86_64.*guest=$iid" >/dev/null || break; sleep 0.5; done
  pgrep -f "qemu-system-x86_64.*guest=$iid" >/dev/null && fail "QEMU still runs for $iid" || ok "no QEMU left for $iid"
}

# EBS (issue 19), when the box has its storage controller: a volume made, its first bytes set on the
# SC's side, attached to the running guest (its console shows the disk appear, and the guest writes
# its marker into the volume), detached, snapshotted into Walrus, a volume made from the snapshot;
# the second guest below reads the first one's marker from that volume. Each stage prints its time.
EBS=""
grep -q 'no storage controller' "$WORK/cloud.out" && echo "# EBS skipped: $(grep 'no storage controller' "$WORK/cloud.out")" || EBS=y
if [ "${CI:-}" = true ] && [ -z "$EBS" ]; then fail "the box has no storage controller under CI"; fi
stage_t0=0
stage() { local now; now=$(date +%s.%N); [ "$stage_t0" = 0 ] || awk -v w="$1" -v a="$stage_t0" -v b="$now" 'BEGIN { printf "# %-44s %5.1f s\n", w, b - a }'; stage_t0=$now; }
# wait_for WHAT SECONDS COMMAND...: polls COMMAND every 0.5 s until it succeeds.
wait_for() {
  local what=$1 limit=$2; shift 2
  for _ in $(seq 1 $((limit * 2))); do "$@" && { ok "$what"; return 0; }; sleep 0.5; done
  fail "$what (waited $limit s)"; return 1
}
vol_state() { [ "$($AWS ec2 describe-volumes --volume-ids "$1" --query 'Volumes[0].State')" = "$2" ]; }
no_targets() { ! tgtadm -C "${SC_TGT_CONTROL_PORT:-76}" --lld iscsi --op show --mode target | grep -q '^Target'; }
snap_state() { [ "$($AWS ec2 describe-snapshots --snapshot-ids "$1" --query 'Snapshots[0].State')" = "$2" ]; }
console_has() { aws --endpoint-url "$EC2_URL" ec2 get-console-output --instance-id "$1" --output text --query Output 2>/dev/null \
  | tr -d '\r' | grep -q -- "$2"; }
VOLS="$WORK/volumes/volumes" # the SC's file backend (SC_VOLUMES_DIR=$WORK/volumes)
if [ -n "$EBS" ]; then
  FIRST=$iid
  stage start
  vol=$($AWS ec2 create-volume --size 1 --availability-zone cluster01 --query VolumeId)
  echo "$vol" | grep -q '^vol-' && ok "create-volume: $vol" || fail "create-volume: $vol"
  wait_for "$vol is available" 60 vol_state "$vol" available; stage "CreateVolume -> available"
  # The SC side: the volume's first bytes mark it as a test volume, so the guest writes its marker.
  [ -f "$VOLS/$vol" ] && printf 'EUCA-TEST-VOLUME' | dd of="$VOLS/$vol" bs=16 count=1 conv=notrunc 2>/dev/null \
    && ok "the volume's first bytes set on the storage controller" || fail "no file $VOLS/$vol"
  $AWS ec2 attach-volume --volume-id "$vol" --instance-id "$FIRST" --device /dev/sdf >/dev/null \
    && ok "attach-volume $vol to $FIRST" || fail "attach-volume"
  wait_for "the guest's console shows the disk appear" 90 console_has "$FIRST" 'EUCA-DISK vd[a-z] head=EUCA-TEST-VOLUME'
  stage "AttachVolume -> seen in the guest"
  wait_for "$vol is in-use" 30 vol_state "$vol" in-use
  wait_for "the guest wrote its marker into the volume" 30 console_has "$FIRST" "marker written by $FIRST"
  $AWS ec2 detach-volume --volume-id "$vol" >/dev/null && ok "detach-volume" || fail "detach-volume"
  wait_for "$vol is available again" 60 vol_state "$vol" available; stage "DetachVolume -> available"
  snap=$($AWS ec2 create-snapshot --volume-id "$vol" --query SnapshotId)
  echo "$snap" | grep -q '^snap-' && ok "create-snapshot: $snap" || fail "create-snapshot: $snap"
  wait_for "$snap is completed" 120 snap_state "$snap" completed; stage "CreateSnapshot -> completed"
  vol2=$($AWS ec2 create-volume --snapshot-id "$snap" --availability-zone cluster01 --query VolumeId)
  echo "$vol2" | grep -q '^vol-' && ok "create-volume from $snap: $vol2" || fail "create-volume from snapshot: $vol2"
  wait_for "$vol2 is available" 120 vol_state "$vol2" available; stage "CreateVolume from snapshot -> available"
  cmp -n 8192 "$VOLS/$vol" "$VOLS/$vol2" && ok "$vol2 holds $vol's bytes" || fail "$vol2 differs from $vol"
fi
terminate_and_wait "$iid" "the instance"

# The address each ended instance released is the next one's at once, though dnsmasq keeps the
# lease for an hour: guests 2 and 3 lease it and read their own id and nonce from the metadata service.
for n in 2 3; do
  nonce=guest-$n-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  iid=$($AWS ec2 run-instances --image-id "$EMI" --instance-type m1.small --count 1 --user-data "$nonce" \
    --query 'Instances[0].InstanceId')
  echo "$iid" | grep -q '^i-' && ok "run-instances ($n): $iid" || { fail "run-instances ($n): $iid"; break; }
  console=""
  for _ in $(seq 1 300); do
    console=$(aws --endpoint-url "$EC2_URL" ec2 get-console-output --instance-id "$iid" --output text --query Output 2>/dev/null \
      | tr -d '\r' || true)
    echo "$console" | grep -q 'EUCA-DONE' && break; sleep 1
  done
  lease=$(echo "$console" | sed -n 's/^EUCA-DHCP: \(10\.198\.[0-9.]*\).*/\1/p' | head -1)
  [ -n "$lease" ] && [ "$lease" = "$FIRST_LEASE" ] && ok "guest $n leased the released address $lease by DHCP" \
    || fail "guest $n: lease '$lease' (the first guest had $FIRST_LEASE): $(echo "$console" | grep EUCA- | tail -5)"
  echo "$console" | grep -q "EUCA-METADATA instance-id=$iid\$" && ok "guest $n read its own instance id from the metadata service" \
    || fail "guest $n: no instance id $iid from the metadata service"
  echo "$console" | grep -q "EUCA-METADATA user-data=$nonce\$" && ok "guest $n read its own user data ($nonce)" \
    || fail "guest $n: no user data $nonce from the metadata service"
  if [ -n "$EBS" ] && [ "$n" = 2 ]; then
    stage "guest $n booted"
    $AWS ec2 attach-volume --volume-id "$vol2" --instance-id "$iid" --device /dev/sdf >/dev/null \
      && ok "attach-volume $vol2 to guest $n" || fail "attach-volume $vol2"
    wait_for "guest $n reads the first guest's marker from the volume made from the snapshot" 90 \
      console_has "$iid" "at4096=EUCA-GUEST-WROTE $FIRST"
    stage "AttachVolume (from snapshot) -> read in the guest"
    $AWS ec2 detach-volume --volume-id "$vol2" >/dev/null && ok "detach-volume $vol2" || fail "detach-volume $vol2"
    wait_for "$vol2 is available again" 60 vol_state "$vol2" available
    for v in "$vol" "$vol2"; do $AWS ec2 delete-volume --volume-id "$v" >/dev/null || fail "delete-volume $v"; done
    $AWS ec2 delete-snapshot --snapshot-id "$snap" >/dev/null || fail "delete-snapshot $snap"
    gone() { ! ls "$VOLS/$vol" "$VOLS/$vol2" >/dev/null 2>&1; }
    wait_for "the volumes' files are gone" 60 gone
    wait_for "the SC's tgtd holds no target" 30 no_targets
    stage "detach, delete, nothing left"
  fi
  terminate_and_wait "$iid" "instance $n"
done

# Boot from EBS: the test guest's root filesystem written into a volume on the SC's side, snapshotted,
# registered as an EBS-backed image with the default image's kernel and ramdisk; its instance boots
# from its own root volume over iSCSI (the console shows the root disk by the volume's id, and the
# guest writes into it); stopped and started, it boots again from the same volume and finds what its
# first boot wrote; terminating it deletes the root volume (DeleteOnTermination).
if [ -n "$EBS" ]; then
  stage start
  ramdisk=$($AWS ec2 describe-images --image-ids "$EMI" --query 'Images[0].RamdiskId')
  src=$($AWS ec2 create-volume --size 1 --availability-zone cluster01 --query VolumeId)
  wait_for "$src is available" 60 vol_state "$src" available
  dd if="$WORK/images/guest/disk.img" of="$VOLS/$src" conv=notrunc 2>/dev/null \
    && ok "the test guest's root filesystem written into $src" || fail "no file $VOLS/$src"
  rsnap=$($AWS ec2 create-snapshot --volume-id "$src" --query SnapshotId)
  wait_for "$rsnap is completed" 120 snap_state "$rsnap" completed
  $AWS ec2 delete-volume --volume-id "$src" >/dev/null || fail "delete-volume $src"
  ebsemi=$($AWS ec2 register-image --name box-ebs-root --root-device-name /dev/sda1 --kernel-id "$kernel" \
    --ramdisk-id "$ramdisk" --block-device-mappings "DeviceName=/dev/sda1,Ebs={SnapshotId=$rsnap}" --query ImageId)
  echo "$ebsemi" | grep -q '^emi-' && ok "register-image from $rsnap: $ebsemi" || fail "register-image: $ebsemi"
  stage "root volume, snapshot, EBS image"
  iid=$($AWS ec2 run-instances --image-id "$ebsemi" --instance-type m1.small --count 1 --query 'Instances[0].InstanceId')
  echo "$iid" | grep -q '^i-' && ok "run-instances of $ebsemi: $iid" || fail "run-instances of $ebsemi: $iid"
  root_volume() { rootvol=$($AWS ec2 describe-instances --instance-ids "$iid" \
    --query 'Reservations[0].Instances[0].BlockDeviceMappings[0].Ebs.VolumeId'); echo "$rootvol" | grep -q '^vol-'; }
  wait_for "$iid has its root volume" 300 root_volume
  wait_for "the guest booted from its root volume $rootvol" 300 console_has "$iid" "EUCA-ROOT vda serial=$rootvol"
  wait_for "the guest wrote into its root volume" 30 console_has "$iid" "EUCA-ROOT-WROTE $iid"
  stage "RunInstances (EBS) -> booted from its volume"
  # Stopped, it keeps its root volume (in use, attached); started, the same instance boots from it
  # again and finds its first boot's mark there.
  inst_state() { [ "$($AWS ec2 describe-instances --instance-ids "$1" \
    --query 'Reservations[0].Instances[0].State.Name')" = "$2" ]; }
  no_qemu() { ! pgrep -f "qemu-system-x86_64.*guest=$1" >/dev/null; }
  $AWS ec2 stop-instances --instance-ids "$iid" >/dev/null && ok "stop-instances $iid" || fail "stop-instances $iid"
  wait_for "$iid is stopped" 120 inst_state "$iid" stopped
  wait_for "no QEMU left for the stopped $iid" 30 no_qemu "$iid"
  vol_state "$rootvol" in-use && ok "the stopped instance keeps its root volume $rootvol in use" \
    || fail "root volume of the stopped instance: $($AWS ec2 describe-volumes --volume-ids "$rootvol" --query 'Volumes[0].State')"
  stage "StopInstances -> stopped"
  $AWS ec2 start-instances --instance-ids "$iid" >/dev/null && ok "start-instances $iid" || fail "start-instances $iid"
  wait_for "$iid is running again" 300 inst_state "$iid" running
  wait_for "the started guest found its first boot on its root volume" 300 console_has "$iid" "EUCA-ROOT-BOOTS: $iid"
  stage "StartInstances -> booted again, data kept"
  terminate_and_wait "$iid" "the EBS-backed instance"
  root_gone() { [ ! -e "$VOLS/$rootvol" ] && ! $AWS ec2 describe-volumes --volume-ids "$rootvol" \
    --query 'Volumes[0].State' 2>/dev/null | grep -Eq 'available|in-use|deleting'; }
  wait_for "terminate deleted the root volume $rootvol" 60 root_gone
  $AWS ec2 deregister-image --image-id "$ebsemi" >/dev/null || fail "deregister-image $ebsemi"
  $AWS ec2 delete-snapshot --snapshot-id "$rsnap" >/dev/null || fail "delete-snapshot $rsnap"
  wait_for "the SC's tgtd holds no target" 30 no_targets
  stage "terminate, root volume deleted"
fi
[ "$failed" = 0 ]
