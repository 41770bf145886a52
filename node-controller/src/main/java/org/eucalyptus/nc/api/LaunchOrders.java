package org.eucalyptus.nc.api;

import java.util.List;
import org.eucalyptus.nc.instances.LaunchOrder;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/** The edge between the NC contract's generated types and the node's own launch request, both ways. */
final class LaunchOrders {
  private LaunchOrders() {}

  static LaunchOrder of(NcRunInstance r) {
    return new LaunchOrder(r.getCorrelationId(), r.getUserId(), r.getInstanceId(), r.getReservationId(),
        r.getUuid(), r.getImageId(), r.getKernelId(), r.getRamdiskId(), r.getImageURL(), r.getKernelURL(),
        r.getRamdiskURL(), r.getOwnerId(), r.getAccountId(), r.getKeyName(), machine(r.getInstanceType()),
        network(r.getNetParams()), r.getUserData(), r.getLaunchIndex(), r.getPlatform(),
        r.getExpiryTime() == null ? null : r.getExpiryTime().toGregorianCalendar().toInstant(),
        List.copyOf(r.getGroupNames()));
  }

  static LaunchOrder.Machine machine(VirtualMachineType t) {
    if (t == null) {
      return null;
    }
    return new LaunchOrder.Machine(t.getName(), t.getMemory(), t.getCores(), t.getDisk(),
        t.getVirtualBootRecord().stream().map(v -> new LaunchOrder.BootRecord(v.getResourceLocation(),
            v.getGuestDeviceName(), v.getSize(), v.getFormat(), v.getId(), v.getType(), v.getChapUser(),
            v.getChapPassword())).toList());
  }

  static LaunchOrder.Network network(NetConfigType n) {
    return n == null ? null : new LaunchOrder.Network(n.getPrivateMacAddress(), n.getPrivateIp(), n.getPublicIp(),
        n.getVlan(), n.getNetworkIndex(), n.getBridge());
  }

  static VirtualMachineType toWire(LaunchOrder.Machine m) {
    if (m == null) {
      return null;
    }
    VirtualMachineType t = new VirtualMachineType();
    t.setName(m.name());
    t.setMemory(m.memoryMb());
    t.setCores(m.cores());
    t.setDisk(m.diskGb());
    for (LaunchOrder.BootRecord b : m.bootRecords()) {
      VirtualBootRecordType v = new VirtualBootRecordType();
      v.setResourceLocation(b.resourceLocation());
      v.setGuestDeviceName(b.guestDeviceName());
      v.setSize(b.size());
      v.setFormat(b.format());
      v.setId(b.id());
      v.setType(b.type());
      t.getVirtualBootRecord().add(v);
    }
    return t;
  }

  static NetConfigType toWire(LaunchOrder.Network n) {
    if (n == null) {
      return null;
    }
    NetConfigType c = new NetConfigType();
    c.setPrivateMacAddress(n.privateMacAddress());
    c.setPrivateIp(n.privateIp());
    c.setPublicIp(n.publicIp());
    c.setVlan(n.vlan());
    c.setNetworkIndex(n.networkIndex());
    c.setBridge(n.bridge());
    return c;
  }
}
