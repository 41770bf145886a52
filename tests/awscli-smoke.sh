#!/usr/bin/env bash
# Smoke test with the AWS CLI (Debian's awscli): starts tools/cloud-in-a-box on spare ports with the
# libvirt test driver, then zones, run, running, terminate, terminated, and a wrong key's AuthFailure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v aws >/dev/null; then
  if [ "${CI:-}" = true ]; then echo "awscli-smoke: the aws command is missing (apt-get install awscli)" >&2; exit 1; fi
  echo "awscli-smoke: SKIPPED (no aws command; apt-get install awscli)"; exit 0
fi

WORK=$(mktemp -d)
export CLC_PORT=${SMOKE_CLC_PORT:-18773} CC_PORT=${SMOKE_CC_PORT:-18774} NC_PORT=${SMOKE_NC_PORT:-18775}
tools/cloud-in-a-box --data-dir "$WORK" --hypervisor test > "$WORK/cloud.out" 2>&1 &
CLOUD=$!
passed=0; failed=0
finish() {
  # A background job of a script ignores SIGINT, so stop it the way an init system would: SIGTERM.
  kill -TERM $CLOUD 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 $CLOUD 2>/dev/null || break; sleep 0.5; done
  if kill -0 $CLOUD 2>/dev/null; then
    fail "cloud-in-a-box did not stop within 30 s"; kill -9 $CLOUD 2>/dev/null || true
    for f in "$WORK"/run/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  elif ! grep -q '^Stopped.' "$WORK/cloud.out"; then
    fail "cloud-in-a-box did not stop cleanly"
  else
    ok "cloud-in-a-box stopped cleanly"
  fi
  if [ "$failed" -gt 0 ]; then
    echo "---- cloud-in-a-box output"; cat "$WORK/cloud.out"; tail -n 50 "$WORK"/log/*.log 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
fail_exit() { finish; echo "awscli-smoke: $passed passed, $failed failed"; exit 1; }
trap fail_exit EXIT
ok() { echo "ok - $*"; passed=$((passed+1)); }
fail() { echo "FAIL - $*"; failed=$((failed+1)); }

for _ in $(seq 1 240); do grep -q 'Press Ctrl-C' "$WORK/cloud.out" 2>/dev/null && break; kill -0 $CLOUD || break; sleep 0.5; done
grep -q 'Press Ctrl-C' "$WORK/cloud.out" || { fail "cloud-in-a-box did not start"; trap - EXIT; fail_exit; }
ok "cloud-in-a-box started"

# shellcheck disable=SC1091
. "$WORK/var/lib/eucalyptus/eucarc"
EMI=$(cat "$WORK/default-image-id")
AWS="aws --endpoint-url $EC2_URL --output text"

zones=$($AWS ec2 describe-availability-zones --query 'AvailabilityZones[].[ZoneName,State]')
echo "$zones" | grep -q 'cluster01' && ok "describe-availability-zones lists cluster01" || fail "zones: $zones"

regions=$($AWS ec2 describe-regions --query 'Regions[].RegionName')
echo "$regions" | grep -q eucalyptus && ok "describe-regions" || fail "regions: $regions"

ids=$($AWS ec2 run-instances --image-id "$EMI" --instance-type m1.small --count 2 --query 'Instances[].InstanceId')
n=$(echo "$ids" | wc -w)
[ "$n" = 2 ] && ok "run-instances started 2 instances ($ids)" || fail "run-instances: $ids"

wait_state() { # wait_state STATE IDS...
  local want=$1; shift
  for _ in $(seq 1 100); do
    states=$($AWS ec2 describe-instances --instance-ids "$@" --query 'Reservations[].Instances[].State.Name' | tr '\t' '\n' | sort -u)
    [ "$states" = "$want" ] && return 0
    sleep 0.2
  done
  echo "states: $states"; return 1
}
# shellcheck disable=SC2086
wait_state running $ids && ok "instances are running" || fail "instances did not reach running"
# shellcheck disable=SC2086
$AWS ec2 terminate-instances --instance-ids $ids >/dev/null && ok "terminate-instances" || fail "terminate-instances"
# shellcheck disable=SC2086
wait_state terminated $ids && ok "instances are terminated" || fail "instances did not reach terminated"

err=$(AWS_SECRET_ACCESS_KEY=wrong aws --endpoint-url "$EC2_URL" ec2 describe-instances 2>&1 || true)
echo "$err" | grep -q AuthFailure && ok "a wrong secret key gets AuthFailure" || fail "wrong key: $err"

err=$($AWS ec2 run-instances --image-id emi-00000000 --count 1 2>&1 || true)
echo "$err" | grep -q InvalidAMIID.NotFound && ok "an unknown image gets InvalidAMIID.NotFound" || fail "unknown image: $err"

finish
trap - EXIT
echo "awscli-smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
