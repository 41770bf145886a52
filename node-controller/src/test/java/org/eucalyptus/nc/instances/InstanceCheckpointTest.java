package org.eucalyptus.nc.instances;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.bind.JAXBContext;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.datatype.DatatypeFactory;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's record of an instance keeps its format: a record written before the node kept its
 * own model (the generated ncRunInstance, marshalled by JAXB) is read back whole, so a node
 * upgraded in place keeps its instances; and what the node writes now reads back the same.
 */
@UnitTest
class InstanceCheckpointTest {
  @TempDir
  Path dir;

  static NcRunInstance wireRequest() throws Exception {
    NcRunInstance r = new NcRunInstance();
    r.setCorrelationId("c-1");
    r.setUserId("u-1");
    r.setImageId("emi-12345678");
    r.setKernelId("eki-12345678");
    r.setRamdiskId("eri-12345678");
    r.setImageURL("http://walrus/bucket/image.manifest.xml");
    r.setKernelURL("http://walrus/bucket/kernel.manifest.xml");
    r.setRamdiskURL("http://walrus/bucket/ramdisk.manifest.xml");
    r.setOwnerId("owner-1");
    r.setAccountId("123456789012");
    r.setReservationId("r-12345678");
    r.setInstanceId("i-12345678");
    r.setUuid("uuid-1");
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.small");
    t.setMemory(256);
    t.setCores(1);
    t.setDisk(5);
    VirtualBootRecordType v = new VirtualBootRecordType();
    v.setResourceLocation("http://walrus/x");
    v.setGuestDeviceName("sda1");
    v.setSize(5368709120L);
    v.setFormat("ext3");
    v.setId("emi-12345678");
    v.setType("machine");
    t.getVirtualBootRecord().add(v);
    r.setInstanceType(t);
    r.setKeyName("ssh-rsa AAAA & <key>");
    NetConfigType n = new NetConfigType();
    n.setPrivateMacAddress("d0:0d:12:34:56:78");
    n.setPrivateIp("10.0.0.5");
    n.setPublicIp("192.168.1.5");
    n.setVlan(10);
    n.setNetworkIndex(5);
    n.setBridge("eucabr10");
    r.setNetParams(n);
    r.setUserData("dXNlcmRhdGE=");
    r.setLaunchIndex("0");
    r.setPlatform("linux");
    r.setExpiryTime(DatatypeFactory.newInstance().newXMLGregorianCalendar("2030-01-02T03:04:05Z"));
    r.getGroupNames().addAll(List.of("default", "web"));
    return r;
  }

  static LaunchOrder expected() {
    return new LaunchOrder("c-1", "u-1", "i-12345678", "r-12345678", "uuid-1", "emi-12345678", "eki-12345678",
        "eri-12345678", "http://walrus/bucket/image.manifest.xml", "http://walrus/bucket/kernel.manifest.xml",
        "http://walrus/bucket/ramdisk.manifest.xml", "owner-1", "123456789012", "ssh-rsa AAAA & <key>",
        new LaunchOrder.Machine("m1.small", 256, 1, 5, List.of(new LaunchOrder.BootRecord("http://walrus/x",
            "sda1", 5368709120L, "ext3", "emi-12345678", "machine"))),
        new LaunchOrder.Network("d0:0d:12:34:56:78", "10.0.0.5", "192.168.1.5", 10, 5, "eucabr10"),
        "dXNlcmRhdGE=", "0", "linux", Instant.parse("2030-01-02T03:04:05Z"), List.of("default", "web"));
  }

  @Test
  void readsARecordTheNodeWroteWithTheGeneratedTypes() throws Exception {
    StringWriter old = new StringWriter();
    JAXBContext.newInstance(NcRunInstance.class).createMarshaller().marshal(wireRequest(), old);
    Files.writeString(dir.resolve(InstanceCheckpoint.REQUEST), old.toString());
    Files.writeString(dir.resolve(InstanceCheckpoint.IMAGES), "/cache/a\n/cache/b\n");

    InstanceCheckpoint.Saved saved = InstanceCheckpoint.read(dir);

    assertThat(saved).isNotNull();
    assertThat(saved.request()).isEqualTo(expected());
    assertThat(saved.images()).containsExactly(Path.of("/cache/a"), Path.of("/cache/b"));
    assertThat(saved.launching()).isFalse();
  }

  @Test
  void whatItWritesReadsBackTheSameAndAsTheGeneratedType() throws Exception {
    InstanceCheckpoint.write(dir, expected(), List.of(Path.of("/cache/a")));
    InstanceCheckpoint.markLaunching(dir);

    InstanceCheckpoint.Saved saved = InstanceCheckpoint.read(dir);
    assertThat(saved.request()).isEqualTo(expected());
    assertThat(saved.launching()).isTrue();
    // An older node (downgraded in place) reads it with the generated type.
    NcRunInstance back = (NcRunInstance) JAXBContext.newInstance(NcRunInstance.class).createUnmarshaller()
        .unmarshal(dir.resolve(InstanceCheckpoint.REQUEST).toFile());
    assertThat(back).usingRecursiveComparison().isEqualTo(wireRequest());
  }

  @Test
  void aMalformedRecordIsNoRecord() throws Exception {
    Files.writeString(dir.resolve(InstanceCheckpoint.REQUEST), "<ncRunInstance xmlns=\"http://eucalyptus.ucsb.edu/\">"
        + "<instanceId>i-1</instanceId><instanceType><name>x</name><memory>lots</memory></instanceType></ncRunInstance>");
    assertThat(InstanceCheckpoint.read(dir)).isNull();
  }
}
