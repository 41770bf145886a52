# shellcheck shell=bash
# The network of a cloud-in-a-box with real guests: the cluster controller and the node controller
# each get a network namespace of their own (the "front end" and the "node host"), so that the CC
# may own its firewall and the NC its bridges without touching this machine's, exactly as on
# separate hosts. The cloud controller stays on this machine.
#
#   this machine   BOX_HOST_IP (10.199.254.1)  ── veth ──  front end   BOX_FE_IP (10.199.254.2): CC
#                                                          front end   lan0 10.199.253.1  ── veth ── node 10.199.253.11: NC
#   this machine   10.199.254.5                ── veth ──  node        10.199.254.6 (to reach Walrus)
#   guests         VNET_SUBNET 10.198.0.0/16 (MANAGED, one VXLAN segment per security group)
#   public IPs     BOX_PUBLIC_IPS 10.199.252.10-10.199.252.19, routed from this machine to the front end
#
# box_network_up NAME makes it all (NAME: a short prefix for the namespaces and the host's veth);
# box_network_down NAME removes it, and with it every process left in the namespaces.
BOX_HOST_IP=10.199.254.1
BOX_FE_IP=10.199.254.2
BOX_LAN_FE=10.199.253.1
BOX_LAN_NODE=10.199.253.11
BOX_NODE_HOST_IP=10.199.254.5
BOX_NODE_UP_IP=10.199.254.6
BOX_SUBNET=10.198.0.0
BOX_PUBLIC_NET=10.199.252.0/24
BOX_PUBLIC_IPS=10.199.252.10-10.199.252.19

# What real guest networking needs here; prints what is missing (nothing: all there).
box_network_missing() {
  local missing=""
  [ "$(id -u)" = 0 ] || missing="$missing root"
  for c in ip iptables-restore dnsmasq bridge; do command -v "$c" >/dev/null || missing="$missing $c"; done
  modprobe br_netfilter 2>/dev/null || true
  [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || missing="$missing br_netfilter"
  echo "$missing"
}

box_network_up() {
  local n=$1
  box_network_down "$n"
  ip netns add "${n}fe"
  ip netns add "${n}nd"
  ip -n "${n}fe" link set lo up
  ip -n "${n}nd" link set lo up
  # This machine <-> the front end: the CLC's calls to the CC, metadata, Walrus, public addresses.
  ip link add "${n}h" type veth peer name up0 netns "${n}fe"
  ip addr add "$BOX_HOST_IP/30" dev "${n}h"
  ip link set "${n}h" up
  ip -n "${n}fe" addr add "$BOX_FE_IP/30" dev up0
  ip -n "${n}fe" link set up0 up
  # The cluster's LAN: the front end's bridge and the node's eth0.
  ip -n "${n}fe" link add lan0 type bridge
  ip -n "${n}fe" addr add "$BOX_LAN_FE/24" dev lan0
  ip -n "${n}fe" link set lan0 up
  ip link add "${n}l" netns "${n}fe" type veth peer name eth0 netns "${n}nd"
  ip -n "${n}fe" link set "${n}l" master lan0 up
  ip -n "${n}nd" addr add "$BOX_LAN_NODE/24" dev eth0
  ip -n "${n}nd" link set eth0 up
  # The node reaches Walrus on this machine over a link of its own (the front end forwards only
  # what its firewall lets through: the guests' traffic).
  ip link add "${n}n" type veth peer name up0 netns "${n}nd"
  ip addr add "$BOX_NODE_HOST_IP/30" dev "${n}n"
  ip link set "${n}n" up
  ip -n "${n}nd" addr add "$BOX_NODE_UP_IP/30" dev up0
  ip -n "${n}nd" link set up0 up
  ip -n "${n}nd" route add default via "$BOX_NODE_HOST_IP"
  # The node's iSCSI traffic to the storage controller's portal (this link's host side) leaves from
  # its LAN address: the one it is registered by, which the SC binds its targets to as initiator.
  ip -n "${n}nd" route add "$BOX_NODE_HOST_IP/32" dev up0 src "$BOX_LAN_NODE"
  ip route add "$BOX_LAN_NODE/32" via "$BOX_NODE_UP_IP" dev "${n}n"
  ip -n "${n}fe" route add default via "$BOX_HOST_IP"
  ip netns exec "${n}fe" sysctl -qw net.ipv4.ip_forward=1
  # lan0 stands for a switch: it forwards frames, it does not firewall them.
  ip netns exec "${n}fe" sysctl -qw net.bridge.bridge-nf-call-iptables=0 2>/dev/null || true
  # Back to the guests (metadata replies) and to the public addresses, via the front end.
  ip route add "$BOX_SUBNET/16" via "$BOX_FE_IP" dev "${n}h"
  ip route add "$BOX_PUBLIC_NET" via "$BOX_FE_IP" dev "${n}h"
}

box_network_down() {
  local n=$1 ns pid
  for ns in "${n}fe" "${n}nd"; do
    if ip netns list 2>/dev/null | grep -qw "$ns"; then
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
      ip netns del "$ns" 2>/dev/null || true
    fi
  done
  ip link del "${n}h" 2>/dev/null || true # takes its routes along
  ip link del "${n}n" 2>/dev/null || true
}
