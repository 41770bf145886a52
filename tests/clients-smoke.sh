#!/usr/bin/env bash
# The clients users already have (boto 2, s3cmd, the AWS CLI's IAM, ...) against one cloud-in-a-box
# (libvirt test driver): starts it on spare ports, then runs every executable scenario in
# tests/clients/ with the cloud's endpoints and the administrator's credentials in the environment:
#   EUCARC, EC2_URL, S3_URL, WALRUS_ROOT_URL, AWS_IAM_URL, AWS_ACCESS_KEY, AWS_SECRET_KEY, EMI, WORK,
#   and for the HTTPS port HTTPS_BASE (https://localhost:PORT) and CLOUD_CA (the cloud's cloud-cert.pem)
# A scenario prints "ok - ..." / "FAIL - ..." lines and exits non-zero when a check failed; one whose
# client is missing prints SKIPPED and exits 0 (outside CI only).
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=$(mktemp -d)
export CLC_PORT=${CLIENTS_CLC_PORT:-28773} CLC_HTTPS_PORT=${CLIENTS_CLC_HTTPS_PORT:-28443} CC_PORT=${CLIENTS_CC_PORT:-28774} NC_PORT=${CLIENTS_NC_PORT:-28775}
export WALRUS_ROOT_PORT=${CLIENTS_WALRUS_ROOT_PORT:-28780}
tools/cloud-in-a-box --data-dir "$WORK" --hypervisor test > "$WORK/cloud.out" 2>&1 &
CLOUD=$!
failed_scenarios=()
stop_cloud() {
  # A background job of a script ignores SIGINT: stop it the way an init system would, with SIGTERM.
  kill -TERM $CLOUD 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 $CLOUD 2>/dev/null || break; sleep 0.5; done
  if kill -0 $CLOUD 2>/dev/null; then
    echo "FAIL - cloud-in-a-box did not stop within 30 s"; failed_scenarios+=(stop)
    kill -9 $CLOUD 2>/dev/null || true
    for f in "$WORK"/run/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  fi
  if [ ${#failed_scenarios[@]} -gt 0 ]; then
    echo "---- cloud-in-a-box output"; cat "$WORK/cloud.out"; tail -n 50 "$WORK"/log/*.log 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap 'stop_cloud; echo "clients-smoke: stopped early"; exit 1' EXIT

for _ in $(seq 1 240); do grep -q 'Press Ctrl-C' "$WORK/cloud.out" 2>/dev/null && break; kill -0 $CLOUD || break; sleep 0.5; done
grep -q 'Press Ctrl-C' "$WORK/cloud.out" || { echo "FAIL - cloud-in-a-box did not start"; failed_scenarios+=(start); exit 1; }
echo "ok - cloud-in-a-box started"

export EUCARC="$WORK/var/lib/eucalyptus/eucarc"
# shellcheck disable=SC1090
. "$EUCARC"
export EC2_URL S3_URL
export AWS_IAM_URL=${AWS_IAM_URL:-${EUARE_URL:-}}
export WALRUS_ROOT_URL="http://127.0.0.1:$WALRUS_ROOT_PORT"
export AWS_ACCESS_KEY=${EC2_ACCESS_KEY} AWS_SECRET_KEY=${EC2_SECRET_KEY}
EMI=$(cat "$WORK/default-image-id"); export EMI
export HTTPS_BASE="https://localhost:$CLC_HTTPS_PORT" CLOUD_CA="$WORK/var/lib/eucalyptus/cloud-cert.pem"
export WORK

for scenario in tests/clients/*; do
  [ -x "$scenario" ] || continue
  name=$(basename "$scenario")
  start=$(date +%s)
  echo "== $name"
  if "$scenario"; then
    echo "== $name passed in $(( $(date +%s) - start )) s"
  else
    echo "== $name FAILED in $(( $(date +%s) - start )) s"
    failed_scenarios+=("$name")
  fi
done

trap - EXIT
stop_cloud
if [ ${#failed_scenarios[@]} -gt 0 ]; then
  echo "clients-smoke: failed: ${failed_scenarios[*]}"
  exit 1
fi
echo "clients-smoke: every scenario passed"
