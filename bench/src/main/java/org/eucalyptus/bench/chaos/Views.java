package org.eucalyptus.bench.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeNetworks;
import org.eucalyptus.wsdl.cc.DescribeNetworksResponse;
import org.eucalyptus.wsdl.cc.DescribePublicAddresses;
import org.eucalyptus.wsdl.cc.DescribePublicAddressesResponse;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.InstanceType;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The three views of the cloud's live instances: the CLC's (EC2 DescribeInstances), the CC's and the
 * NC's (their own SOAP DescribeInstances, signed with the cloud CA's key as the CLC signs). Each maps
 * an instance id to "pending" or "running"; ended instances are left out.
 */
final class Views {
  private final Ec2Client ec2;
  private final EucalyptusCCPortType cc;
  private final EucalyptusNCPortType nc;

  Views(Ec2Client ec2, SigningIdentity cloud, String ccUrl, String ncUrl) {
    this.ec2 = ec2;
    this.cc = WsSecurity.signing(SoapClients.create(EucalyptusCCPortType.class, ccUrl, Duration.ofSeconds(2),
        Duration.ofSeconds(10)), () -> Optional.of(cloud));
    this.nc = WsSecurity.signing(SoapClients.create(EucalyptusNCPortType.class, ncUrl, Duration.ofSeconds(2),
        Duration.ofSeconds(10)), () -> Optional.of(cloud));
  }

  /** The CLC's live instances; empty when it does not answer. */
  Optional<Map<String, String>> clc() {
    try {
      Map<String, String> out = new TreeMap<>();
      ec2.describeInstances().reservations().forEach(r -> r.instances().forEach(i -> {
        String s = i.state().nameAsString();
        if (s.equals("pending") || s.equals("running")) {
          out.put(i.instanceId(), s);
        }
      }));
      return Optional.of(out);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every instance the CLC lists, with its state, including ended ones; empty when it does not answer. */
  Optional<Map<String, String>> clcAll() {
    try {
      Map<String, String> out = new TreeMap<>();
      ec2.describeInstances().reservations().forEach(r -> r.instances().forEach(
          i -> out.put(i.instanceId(), i.state().nameAsString())));
      return Optional.of(out);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  Optional<Map<String, String>> cc() {
    try {
      Map<String, String> out = new TreeMap<>();
      for (CcInstanceType i : cc.describeInstances(new DescribeInstances()).getInstances()) {
        put(out, i.getInstanceId(), i.getStateName());
      }
      return Optional.of(out);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  Optional<Map<String, String>> nc() {
    try {
      Map<String, String> out = new TreeMap<>();
      for (InstanceType i : nc.ncDescribeInstances(new NcDescribeInstances()).getInstances()) {
        put(out, i.getInstanceId(), i.getStateName());
      }
      return Optional.of(out);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static void put(Map<String, String> out, String id, String state) {
    if ("Pending".equals(state)) {
      out.put(id, "pending");
    } else if ("Extant".equals(state)) {
      out.put(id, "running");
    }
  }

  DescribeNetworksResponse networks() throws Exception {
    return cc.describeNetworks(new DescribeNetworks());
  }

  DescribePublicAddressesResponse publicAddresses() throws Exception {
    return cc.describePublicAddresses(new DescribePublicAddresses());
  }

  /**
   * The instances the three views differ on, each with what each view says; empty when they are
   * equal, null when a view is missing (its component does not answer).
   */
  Map<String, String> differences() {
    Optional<Map<String, String>> a = clc();
    Optional<Map<String, String>> b = cc();
    Optional<Map<String, String>> c = nc();
    if (a.isEmpty() || b.isEmpty() || c.isEmpty()) {
      return null;
    }
    TreeSet<String> ids = new TreeSet<>(a.get().keySet());
    ids.addAll(b.get().keySet());
    ids.addAll(c.get().keySet());
    Map<String, String> out = new TreeMap<>();
    for (String id : ids) {
      String x = a.get().getOrDefault(id, "-");
      String y = b.get().getOrDefault(id, "-");
      String z = c.get().getOrDefault(id, "-");
      if (!(x.equals(y) && y.equals(z))) {
        out.put(id, String.format("CLC=%s CC=%s NC=%s", x, y, z));
      }
    }
    return out;
  }

  /** Null when the three views are equal; otherwise what differs. */
  String disagreement() {
    Map<String, String> d = differences();
    if (d == null) {
      return "a component does not answer";
    }
    return d.isEmpty() ? null : d.toString();
  }
}
