package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** Which parameters the door brings to lower case, and which it leaves as sent. */
@UnitTest
class ResourceIdsTest {
  @Test
  void idParametersAndIdFiltersAreLowerCasedAndNothingElse() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("InstanceId.1", "I-6A7295AE");
    p.put("ImageId", "EMI-0ABCDEF1");
    p.put("IpPermissions.1.Groups.1.GroupId", "sg-0ABC0001");
    p.put("ResourceId.2", "Sg-0ABC0002");
    p.put("Filter.1.Name", "instance-id");
    p.put("Filter.1.Value.1", "I-6A72*");
    p.put("Filter.2.Name", "tag:Name");
    p.put("Filter.2.Value.1", "I-6A7295AE");
    p.put("GroupName", "I-6A7295AE");
    p.put("Tag.1.Value", "EMI-0ABCDEF1");
    p.put("IpPermissions.1.Groups.1.UserId", "ABCDEF-12345678");
    p.put("KernelId", "not an id");
    Map<String, String> n = ResourceIds.normalized(p);
    assertThat(n).containsEntry("InstanceId.1", "i-6a7295ae").containsEntry("ImageId", "emi-0abcdef1")
        .containsEntry("IpPermissions.1.Groups.1.GroupId", "sg-0abc0001").containsEntry("ResourceId.2", "sg-0abc0002")
        .containsEntry("Filter.1.Value.1", "i-6a72*")
        .containsEntry("Filter.2.Value.1", "I-6A7295AE").containsEntry("GroupName", "I-6A7295AE")
        .containsEntry("Tag.1.Value", "EMI-0ABCDEF1").containsEntry("IpPermissions.1.Groups.1.UserId", "ABCDEF-12345678")
        .containsEntry("KernelId", "not an id");
  }
}
