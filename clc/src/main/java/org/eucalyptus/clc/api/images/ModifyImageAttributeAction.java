package org.eucalyptus.clc.api.images;

import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;

/**
 * Shares an image (launch permission for accounts or for all) or changes its description. Takes
 * the structured {@code LaunchPermission.Add.N.UserId|Group} form and the older
 * {@code Attribute=launchPermission&OperationType=add&UserId.N|UserGroup.N} form of euca2ools.
 */
public final class ModifyImageAttributeAction implements QueryAction {
  private final ImageStore images;

  public ModifyImageAttributeAction(ImageStore images) {
    this.images = images;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Image image = ImageRefs.owned(images, req, req.required("ImageId"));
    String description = req.param("Description.Value") != null ? req.param("Description.Value") : req.param("Description");
    if (description != null || "description".equals(req.param("Attribute"))) {
      String value = description != null ? description : req.param("Value");
      if (value != null && value.length() > 255) {
        throw ApiException.invalid("Description", value, "At most 255 characters.");
      }
      images.setDescription(image.imageId(), value);
      return req.response().element("return", "true").toString();
    }
    List<String> addUsers = new ArrayList<>(field(req, "LaunchPermission.Add", "UserId"));
    List<String> addGroups = new ArrayList<>(field(req, "LaunchPermission.Add", "Group"));
    List<String> removeUsers = new ArrayList<>(field(req, "LaunchPermission.Remove", "UserId"));
    List<String> removeGroups = new ArrayList<>(field(req, "LaunchPermission.Remove", "Group"));
    if ("launchPermission".equals(req.param("Attribute"))) {
      String op = req.required("OperationType");
      boolean add = op.equals("add");
      if (!add && !op.equals("remove")) {
        throw ApiException.invalid("OperationType", op, "It is add or remove.");
      }
      (add ? addUsers : removeUsers).addAll(req.list("UserId"));
      (add ? addGroups : removeGroups).addAll(req.list("UserGroup"));
    }
    if (addUsers.isEmpty() && addGroups.isEmpty() && removeUsers.isEmpty() && removeGroups.isEmpty()) {
      throw new ApiException("MissingParameter", "Say what to change: LaunchPermission or Description");
    }
    for (String g : concat(addGroups, removeGroups)) {
      if (!g.equals("all")) {
        throw ApiException.invalid("Group", g, "The only group is 'all'.");
      }
    }
    for (String u : concat(addUsers, removeUsers)) {
      if (!u.matches("\\d{12}")) {
        throw ApiException.invalid("UserId", u, "It must be a 12-digit account number.");
      }
    }
    Boolean makePublic = !addGroups.isEmpty() ? Boolean.TRUE : !removeGroups.isEmpty() ? Boolean.FALSE : null;
    images.changeLaunchPermission(image.imageId(), makePublic, addUsers, removeUsers);
    return req.response().element("return", "true").toString();
  }

  private static List<String> field(QueryRequest req, String prefix, String field) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      String entry = prefix + "." + i + ".";
      String v = req.param(entry + field);
      if (v != null) {
        out.add(v);
      } else if (req.params().keySet().stream().noneMatch(k -> k.startsWith(entry))) {
        break;
      }
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
