# shellcheck shell=bash
# Package installs start their services through invoke-rc.d: tgt's a host-wide tgtd on the iSCSI
# port (3260), open-iscsi's iscsid, lvm2's lvmetad. Every test and every cloud-in-a-box runs a tgtd
# of its own, so none may start. without_service_starts COMMAND... runs COMMAND (a shell function
# too) with a policy-rc.d that forbids starting services, put in place only where the machine has
# none of its own (Docker images do), and removed afterwards, whatever COMMAND's status (returned).
# POLICY_RC_D names the file (tests; Debian's is /usr/sbin/policy-rc.d).
without_service_starts() {
  local policy=${POLICY_RC_D:-/usr/sbin/policy-rc.d} own="" status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# without_service_starts: no services started while packages install\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    own=1
  fi
  "$@" || status=$?
  [ -z "$own" ] || rm -f "$policy"
  return "$status"
}
