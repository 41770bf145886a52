package org.eucalyptus.clc.api.images;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.api.TagFilters;
import org.eucalyptus.clc.api.instances.InstanceXml;
import org.eucalyptus.clc.images.BlockDeviceMapping;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.common.xml.XmlWriter;

/** The images the caller may launch: its own, public ones, and ones shared with its account. */
public final class DescribeImagesAction implements QueryAction {
  private static final Map<String, Function<Image, String>> FILTERS = Map.ofEntries(
      Map.entry("image-id", Image::imageId),
      Map.entry("name", Image::name),
      Map.entry("description", Image::description),
      Map.entry("architecture", Image::architecture),
      Map.entry("image-type", Image::imageType),
      Map.entry("is-public", i -> String.valueOf(i.isPublic())),
      Map.entry("owner-id", Image::ownerAccount),
      Map.entry("state", Image::state),
      Map.entry("kernel-id", Image::kernelId),
      Map.entry("ramdisk-id", Image::ramdiskId),
      Map.entry("manifest-location", Image::location),
      Map.entry("root-device-type", Image::rootDeviceType),
      Map.entry("root-device-name", Image::rootDeviceName));

  private final ImageStore images;
  private final TagStore tags;

  public DescribeImagesAction(ImageStore images, TagStore tags) {
    this.images = images;
    this.tags = tags;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    String me = req.caller().accountNumber();
    List<String> ids = req.list("ImageId");
    List<String> owners = req.list("Owner").stream().map(o -> o.equals("self") ? me : o).toList();
    List<String> executableBy = req.list("ExecutableBy").stream().map(o -> o.equals("self") ? me : o).toList();
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!FILTERS.containsKey(f) && !TagFilters.isTagFilter(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    List<Image> all = images.all();
    Map<String, Set<String>> shared = images.sharedWith(all.stream().map(Image::imageId).toList());
    Map<String, List<BlockDeviceMapping>> mappings = images.mappingsOf(all.stream().filter(Image::ebsBacked)
        .map(Image::imageId).toList());
    Map<String, Map<String, String>> tagsById = tags.of(all.stream().filter(i -> i.ownerAccount().equals(me))
        .map(Image::imageId).toList());
    Set<String> missing = new LinkedHashSet<>(ids);
    XmlWriter x = req.response().start("imagesSet");
    for (Image i : all) {
      Set<String> with = shared.get(i.imageId());
      if (!req.caller().admin() && !i.launchableBy(me, with)) {
        continue;
      }
      if (!ids.isEmpty() && !ids.contains(i.imageId())) {
        continue;
      }
      missing.remove(i.imageId());
      if (!Ec2Permissions.visible(req, Arns.IMAGE, i.imageId())) {
        continue;
      }
      if (!owners.isEmpty() && !owners.contains(i.ownerAccount())) {
        continue;
      }
      if (!executableBy.isEmpty() && executableBy.stream().noneMatch(a ->
          a.equals("all") ? i.isPublic() : i.launchableBy(a, with))) {
        continue;
      }
      Map<String, String> t = tagsById.getOrDefault(i.imageId(), Map.of());
      if (!TagFilters.matches(filters, t) || !filters.entrySet().stream().filter(f -> FILTERS.containsKey(f.getKey()))
          .allMatch(f -> Glob.matchesAny(f.getValue(), FILTERS.get(f.getKey()).apply(i)))) {
        continue;
      }
      x.start("item").element("imageId", i.imageId()).element("imageLocation", i.location())
          .element("imageState", i.state()).element("imageOwnerId", i.ownerAccount())
          .element("isPublic", i.isPublic()).empty("productCodes").element("architecture", i.architecture())
          .element("imageType", i.imageType()).element("kernelId", i.kernelId()).element("ramdiskId", i.ramdiskId())
          .element("name", i.name()).element("description", i.description())
          .element("rootDeviceType", i.rootDeviceType()).element("rootDeviceName", i.rootDeviceName());
      mappings(x, mappings.getOrDefault(i.imageId(), List.of()));
      x.element("virtualizationType", "paravirtual");
      InstanceXml.tags(x, t);
      x.element("hypervisor", "kvm").end();
    }
    if (!missing.isEmpty()) {
      throw new ApiException("InvalidAMIID.NotFound",
          "The image id '[" + String.join(", ", missing) + "]' does not exist");
    }
    return x.toString();
  }

  /** An image's blockDeviceMapping as EC2 shows it: each device with its ebs, virtualName or noDevice. */
  static void mappings(XmlWriter x, List<BlockDeviceMapping> mappings) {
    x.start("blockDeviceMapping");
    for (BlockDeviceMapping m : mappings) {
      x.start("item").element("deviceName", m.deviceName());
      if (m.noDevice()) {
        x.empty("noDevice");
      } else if (m.virtualName() != null) {
        x.element("virtualName", m.virtualName());
      } else {
        x.start("ebs").element("snapshotId", m.snapshotId()).element("volumeSize", m.volumeSizeGiB())
            .element("deleteOnTermination", m.deletesOnTermination()).end();
      }
      x.end();
    }
    x.end();
  }
}
