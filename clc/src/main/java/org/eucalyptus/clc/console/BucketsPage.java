package org.eucalyptus.clc.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/**
 * The user's buckets and their objects, through Walrus's S3 as the user ({@link ConsoleS3}): the
 * buckets, create and delete; a bucket's objects a folder ({@code /}-delimited prefix) at a time, a
 * thousand a page; download and upload by links the browser follows itself, upload with a progress
 * bar (the one page that needs JavaScript: {@code console.js}); delete.
 */
final class BucketsPage {
  private final ConsoleS3 s3;
  private final ConsoleCloud cloud;
  private final Pages pages;

  BucketsPage(ConsoleS3 s3, ConsoleCloud cloud, Pages pages) {
    this.s3 = s3;
    this.cloud = cloud;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> buckets = new ArrayList<>();
    for (Element b : ApiDoc.parse(s3.call(r, "GET", "", null, Map.of())).all("Buckets/Bucket")) {
      String name = ApiDoc.text(b, "Name");
      buckets.add(Map.of("name", name, "created", ApiDoc.text(b, "CreationDate"), "link", link(name, "")));
    }
    return pages.render("buckets", r, Map.of("buckets", buckets, "none", buckets.isEmpty()));
  }

  /** One folder of a bucket: its sub-folders, then its objects, from {@code marker} on. */
  byte[] bucket(ConsoleRequest r) throws ApiException {
    String name = r.param("name");
    if (name.isEmpty()) {
      throw new ApiException("InvalidBucketName", "Name a bucket: /console/buckets/bucket?name=<bucket>.");
    }
    String prefix = r.query().getOrDefault("prefix", "");
    Map<String, String> q = new LinkedHashMap<>();
    q.put("delimiter", "/");
    q.put("max-keys", "1000");
    if (!prefix.isEmpty()) {
      q.put("prefix", prefix);
    }
    String marker = r.query().getOrDefault("marker", "");
    if (!marker.isEmpty()) {
      q.put("marker", marker);
    }
    ApiDoc listing = ApiDoc.parse(s3.call(r, "GET", name, null, q));
    List<Map<String, Object>> folders = new ArrayList<>();
    for (Element p : listing.all("CommonPrefixes")) {
      String sub = ApiDoc.text(p, "Prefix");
      folders.add(Map.of("name", sub.substring(prefix.length()), "link", link(name, sub)));
    }
    ConsoleS3.Links links = s3.links(r, cloud.s3Url("https://" + r.http().header("Host")));
    List<Map<String, Object>> objects = new ArrayList<>();
    String last = "";
    for (Element o : listing.all("Contents")) {
      String key = ApiDoc.text(o, "Key");
      last = key;
      objects.add(Map.of("key", key, "name", key.substring(prefix.length()), "size", ApiDoc.text(o, "Size"),
          "modified", ApiDoc.text(o, "LastModified"),
          "download", links.to("GET", name, key).toString()));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("bucket", name);
    model.put("prefix", prefix);
    model.put("folders", folders);
    model.put("objects", objects);
    model.put("none", folders.isEmpty() && objects.isEmpty());
    model.put("bucketsLink", ConsoleService.PATH + "/buckets");
    model.put("bucketLink", link(name, ""));
    List<Map<String, Object>> crumbs = new ArrayList<>();
    String at = "";
    for (String part : prefix.split("/")) {
      if (!part.isEmpty()) {
        at += part + "/";
        crumbs.add(Map.of("name", part, "link", link(name, at)));
      }
    }
    model.put("crumbs", crumbs);
    if ("true".equals(listing.text("IsTruncated"))) {
      String next = listing.text("NextMarker");
      model.put("next", link(name, prefix) + "&marker=" + enc(next == null || next.isEmpty() ? last : next));
    }
    String uploaded = r.query().get("uploaded");
    if (uploaded != null) {
      model.put("uploaded", uploaded);
    }
    return pages.render("bucket", r, model);
  }

  Done create(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    s3.call(r, "PUT", name, null, Map.of());
    return new Done("Created bucket " + name + ".", ConsoleService.PATH + "/buckets");
  }

  Done delete(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    s3.call(r, "DELETE", name, null, Map.of());
    return new Done("Deleted bucket " + name + ".", ConsoleService.PATH + "/buckets");
  }

  Done deleteObject(ConsoleRequest r) throws ApiException {
    String bucket = r.field("bucket");
    String key = r.form().getOrDefault("key", "");
    s3.call(r, "DELETE", bucket, key, Map.of());
    return new Done("Deleted " + key + ".", link(bucket, r.form().getOrDefault("prefix", "")));
  }

  /** The link console.js uploads a file to (a PUT the browser makes itself, with its progress shown). */
  String uploadLink(ConsoleRequest r) throws ApiException {
    String bucket = r.field("bucket");
    String key = r.form().getOrDefault("key", "");
    if (key.isEmpty() || key.length() > 1024) {
      throw new ApiException("InvalidArgument", "An object's key is 1 to 1024 characters.");
    }
    try {
      s3.call(r, "HEAD", bucket, null, Map.of()); // a bucket that is not there is said now, not after the upload
    } catch (ApiException e) {
      if (!e.code().equals("AccessDenied")) { // may upload without listing (s3:PutObject alone): Walrus decides
        throw e;
      }
    }
    return s3.links(r, cloud.s3Url("https://" + r.http().header("Host"))).to("PUT", bucket, key).toString();
  }

  static String link(String bucket, String prefix) {
    return ConsoleService.PATH + "/buckets/bucket?name=" + enc(bucket) + (prefix.isEmpty() ? "" : "&prefix="
        + enc(prefix));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
