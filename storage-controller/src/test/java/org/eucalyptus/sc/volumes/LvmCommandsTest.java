package org.eucalyptus.sc.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** The LVM backend's command lines and its reading of lvs (LVM itself cannot run here: LvmVolumesRootTest). */
@UnitTest
class LvmCommandsTest {
  private final LvmCommands lvm = new LvmCommands("euca-vg");

  @Test
  void createsATaggedVolumeOfTheSizeInBytesThenZeroesAllOfIt() {
    assertThat(lvm.create("vol-1a2b3c4d", 1073741824L)).containsExactly("lvcreate", "--yes", "--wipesignatures",
        "y", "--zero", "y", "--addtag", "eucalyptus-volume", "--name", "vol-1a2b3c4d", "--size", "1073741824b",
        "euca-vg");
    assertThat(lvm.zeroOut("vol-1a2b3c4d")).containsExactly("blkdiscard", "--zeroout", "/dev/euca-vg/vol-1a2b3c4d");
    assertThat(lvm.device("vol-1a2b3c4d")).isEqualTo(Path.of("/dev/euca-vg/vol-1a2b3c4d"));
  }

  @Test
  void removesListsAndSnapshots() {
    assertThat(lvm.remove("vol-1a2b3c4d")).containsExactly("lvremove", "--force", "euca-vg/vol-1a2b3c4d");
    assertThat(lvm.list()).containsExactly("lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", "|",
        "-o", "lv_name,lv_attr,lv_size,lv_tags", "euca-vg");
    assertThat(lvm.snapshot("vol-1a2b3c4d", "vol-1a2b3c4d.pit-0000002a", 100)).containsExactly("lvcreate", "--yes",
        "--snapshot", "--extents", "100%ORIGIN", "--addtag", "eucalyptus-point-in-time", "--name",
        "vol-1a2b3c4d.pit-0000002a", "euca-vg/vol-1a2b3c4d");
    assertThat(LvmSnapshotPointInTime.snapshotName("vol-1a2b3c4d", 42)).isEqualTo("vol-1a2b3c4d.pit-0000002a");
    assertThat(lvm.flush(Path.of("/dev/euca-vg/v"))).containsExactly("blockdev", "--flushbufs", "/dev/euca-vg/v");
  }

  @Test
  void refusesNamesLvmWouldNotTakeOrAShellCouldMisread() {
    for (String bad : List.of("-vol", "vol 1", "vol/1", "..", "", "v;rm", "a".repeat(128))) {
      assertThatThrownBy(() -> lvm.create(bad, 1)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new LvmCommands("../vg")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lvm.create("vol-1", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lvm.snapshot("vol-1", "s", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listsOnlyItsOwnVolumesNotSnapshotsNorTheOperatorsVolumes() {
    String lvs = """
          root|-wi-ao----|21474836480|
          vol-1a2b3c4d|owi-aos---|1073741824|eucalyptus-volume
          vol-5e6f7a8b|-wi-a-----|2147483648|backup,eucalyptus-volume
          vol-1a2b3c4d.pit-0000002a|swi-a-s---|1077936128|eucalyptus-point-in-time
          vol-00000000.pit-00000001|Swi-I-s---|1077936128|eucalyptus-volume
        """;
    assertThat(LvmVolumes.volumesIn(lvs)).isEqualTo(Set.of("vol-1a2b3c4d", "vol-5e6f7a8b"));
    assertThat(LvsListing.parse(lvs).get(2))
        .isEqualTo(new LvsListing.LogicalVolume("vol-5e6f7a8b", "-wi-a-----", 2147483648L,
            Set.of("backup", "eucalyptus-volume")));
    assertThat(LvmVolumes.volumesIn("")).isEmpty();
  }

  @Test
  void anUnexpectedListingIsAnError() {
    assertThatThrownBy(() -> LvsListing.parse("  vol-1|-wi-a-----|1073741824\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vol-1");
    assertThatThrownBy(() -> LvsListing.parse("  vol-1|-wi-a-----|1.00g|\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
  }
}
