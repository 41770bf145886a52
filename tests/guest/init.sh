#!/bin/sh
# /init of the tiny test guest (and /sbin/init of its root disk). It prints markers the tests look
# for on the serial console: where it booted from, the address DHCP gave it, and what the metadata
# service says (instance id, public key, user data). Then it stays up until powered off, unless
# the root disk holds /POWEROFF or the user data says "poweroff", watching its disks (below). The ACPI
# power button (libvirt's shutdown, the node's clean stop) makes it sync its disks and power off, unless
# the root disk holds /NOACPI (a guest that ignores the button).
export PATH=/bin:/sbin
mount -t proc proc /proc 2>/dev/null; mount -t sysfs sys /sys 2>/dev/null; mount -t devtmpfs dev /dev 2>/dev/null
CMDLINE=$(cat /proc/cmdline)
if [ -d /lib/modules ] && [ ! -e /.modules_loaded ]; then
  # Stage 1, in the initramfs: Debian's kernel has virtio, ext4, the ACPI button and evdev as modules,
  # in dependency order.
  for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover \
           virtio_net virtio_blk crc16 mbcache jbd2 crc32c_generic ext4 button evdev; do
    insmod /lib/modules/$m.ko 2>/dev/null
  done
  touch /.modules_loaded
  for a in $CMDLINE; do case $a in root=*) ROOT=${a#root=};; esac; done
  if [ -n "$ROOT" ]; then
    i=0; while [ ! -b "$ROOT" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
    mkdir -p /newroot && mount -t ext4 -o ro "$ROOT" /newroot && {
      umount /proc /sys; mount --move /dev /newroot/dev 2>/dev/null; exec switch_root /newroot /sbin/init; }
    echo "ROOT MOUNT FAILED: $ROOT"
  fi
fi
SRC=initramfs; [ -e /DISK ] && SRC=disk
echo "EUCA-MARKER: guest booted from $SRC uptime=$(cut -d' ' -f1 /proc/uptime)"
ID=unknown
for a in $CMDLINE; do case $a in euca.instance=*) ID=${a#euca.instance=};; root=/dev/*) ROOTDEV=${a#root=/dev/};; esac; done
# Booted from an EBS volume (the node gives a volume's disk the volume id as its serial): it says so
# (EUCA-ROOT), shows the ids of the instances that booted from this volume before (EUCA-ROOT-BOOTS,
# kept in /EBS-BOOTS on it), and adds its own, so a later instance on the same volume sees it.
SERIAL=$(cat /sys/block/$ROOTDEV/serial 2>/dev/null)
if [ "$SRC" = disk ] && [ -n "$ROOTDEV" ]; then
  echo "EUCA-ROOT $ROOTDEV serial=$SERIAL"
  case $SERIAL in vol-*)
    echo "EUCA-ROOT-BOOTS: $(tr '\n' ' ' < /EBS-BOOTS 2>/dev/null)"
    mount -o remount,rw / && echo "$ID" >> /EBS-BOOTS && sync && mount -o remount,ro / \
      && echo "EUCA-ROOT-WROTE $ID";;
  esac
fi
META=169.254.169.254
for a in $CMDLINE; do case $a in meta=*) META=${a#meta=};; nonet) NONET=1;; esac; done
USERDATA=
if [ -z "$NONET" ] && ip link show eth0 >/dev/null 2>&1; then
  ip link set lo up; ip link set eth0 up
  if udhcpc -i eth0 -n -q -t 5 -T 2 -s /bin/dhcp.sh >/dev/null 2>&1; then
    echo "EUCA-DHCP: $(ip -4 -o addr show eth0 | awk '{print $4}')"
    # busybox wget -T segfaults here: bound it with timeout instead.
    echo "EUCA-METADATA instance-id=$(timeout 10 wget -q -O - http://$META/latest/meta-data/instance-id)"
    echo "EUCA-METADATA public-key=$(timeout 10 wget -q -O - http://$META/latest/meta-data/public-keys/0/openssh-key)"
    USERDATA=$(timeout 10 wget -q -O - http://$META/latest/user-data)
    echo "EUCA-METADATA user-data=$USERDATA"
    # Something to reach through an authorized port.
    # (The root disk is mounted read-only: the page lives in a tmpfs.)
    mount -t tmpfs tmpfs /tmp 2>/dev/null
    mkdir -p /tmp/www && echo "hello from $(hostname)" > /tmp/www/index.html && httpd -p 8080 -h /tmp/www \
      && echo "EUCA-HTTPD: serving on 8080"
  else
    echo "EUCA-DHCP: failed"
  fi
fi
# The ACPI power button is an input device ("Power Button", from the button driver) whose events evdev
# hands out: the first one means shut down cleanly, i.e. write back what the page cache holds, then off.
power_buttons() {
  for n in /sys/class/input/input*; do
    [ "$(cat "$n/name" 2>/dev/null)" = "Power Button" ] || continue
    for e in "$n"/event*; do [ -e "$e" ] && printf '/dev/input/%s ' "${e##*/}"; done
  done
}
if [ -e /NOACPI ]; then
  echo "EUCA-ACPI: ignoring the power button"
else
  BUTTONS=$(power_buttons)
  for b in $BUTTONS; do
    ( dd if="$b" of=/dev/null bs=24 count=1 2>/dev/null
      echo "EUCA-ACPI: power button pressed: sync and power off"; sync; poweroff -f ) &
  done
  echo "EUCA-ACPI: watching the power button: ${BUTTONS:-none found}"
fi
echo "EUCA-DONE uptime=$(cut -d' ' -f1 /proc/uptime)"
if [ -e /POWEROFF ] || [ "$USERDATA" = poweroff ]; then
  sync; poweroff -f
fi
# Then it watches its disks, as EBS volumes come and go: every 0.2 s it reads /proc/partitions and,
# when the list changes, prints it (EUCA-DISKS), and for a new disk its first 16 bytes and what is at
# offset 4096; on a volume made for the tests (its first 16 bytes EUCA-TEST-VOLUME) it then writes
# "EUCA-GUEST-WROTE <instance id>" at offset 4096 (the id is on its kernel command line).
disks() {
  while read -r _ _ _ name; do case $name in vd[a-z]|vd[a-z][a-z]) printf '%s ' "$name";; esac; done < /proc/partitions
}
text() { tr -d '\000\n' | tr -c 'A-Za-z0-9_ .-' '?'; }
# bench/ebs: on a disk whose first 16 bytes are EUCA-BENCH-<MiB, 5 digits> it reads that many MiB
# sequentially past the first MiB (the host dropped them from its page cache: read from the storage),
# then writes them (ending with a flush: on the storage too) and reads them again (from the host's
# page cache, the node's or the SC's), O_DIRECT, 1 MiB blocks (one request in flight at a time), then
# writes them once more through its own page cache, ending with a flush (its writeback keeps several
# requests in flight, as a filesystem's does), and prints the uptimes around each (EUCA-BENCH <disk>
# mib=N t0= t1= t2= t3= t4=: read t0-t1, write t1-t2, read again t2-t3, buffered write t3-t4).
disk_bench() {
  n=$(echo "$2" | sed 's/^0*//')
  t0=$(cut -d' ' -f1 /proc/uptime)
  dd if=/dev/$1 of=/dev/null bs=1M skip=1 count=$n iflag=direct 2>/dev/null
  t1=$(cut -d' ' -f1 /proc/uptime)
  dd if=/dev/zero of=/dev/$1 bs=1M seek=1 count=$n oflag=direct conv=fsync 2>/dev/null
  t2=$(cut -d' ' -f1 /proc/uptime)
  dd if=/dev/$1 of=/dev/null bs=1M skip=1 count=$n iflag=direct 2>/dev/null
  t3=$(cut -d' ' -f1 /proc/uptime)
  dd if=/dev/zero of=/dev/$1 bs=1M seek=1 count=$n conv=fsync 2>/dev/null
  t4=$(cut -d' ' -f1 /proc/uptime)
  echo "EUCA-BENCH $1 mib=$n t0=$t0 t1=$t1 t2=$t2 t3=$t3 t4=$t4"
}
OLD=$(disks)
echo "EUCA-DISKS: $OLD"
while true; do
  sleep 0.2
  NOW=$(disks)
  [ "$NOW" = "$OLD" ] && continue
  echo "EUCA-DISKS: $NOW"
  for d in $NOW; do
    case " $OLD " in *" $d "*) continue;; esac
    HEAD=$(dd if=/dev/$d bs=16 count=1 2>/dev/null | text)
    AT=$(dd if=/dev/$d bs=512 skip=8 count=1 2>/dev/null | text)
    echo "EUCA-DISK $d head=$HEAD at4096=$AT"
    if [ "$HEAD" = EUCA-TEST-VOLUME ]; then
      printf 'EUCA-GUEST-WROTE %s\n' "$ID" | dd of=/dev/$d bs=512 seek=8 conv=notrunc,sync,fsync 2>/dev/null \
        && echo "EUCA-DISK $d marker written by $ID"
    fi
    # A volume holding an ext2 filesystem whose first 16 bytes (its unused boot block) are
    # EUCA-TEST-CACHED: mounted at /tmp, the marker is written to a file there without sync, so it sits
    # in the page cache (dirty data expiring only after an hour) until a sync: a clean shutdown puts
    # it on the volume, a destroyed guest loses it.
    if [ "$HEAD" = EUCA-TEST-CACHED ]; then
      echo 360000 > /proc/sys/vm/dirty_expire_centisecs
      mount -t ext4 /dev/$d /tmp && printf 'EUCA-GUEST-CACHED %s\n' "$ID" > /tmp/cached \
        && echo "EUCA-DISK $d marker cached by $ID"
    fi
    case $HEAD in EUCA-BENCH-[0-9][0-9][0-9][0-9][0-9]) disk_bench "$d" "${HEAD#EUCA-BENCH-}";; esac
  done
  OLD=$NOW
done
