package org.eucalyptus.tools.bundle;

/** A {@code BUCKET[/PREFIX]} argument: the bucket, and a key prefix that is empty or ends with '/'. */
record BucketPath(String bucket, String keyPrefix) {
  static BucketPath parse(String arg) {
    int slash = arg.indexOf('/');
    if (slash < 0) {
      return new BucketPath(arg, "");
    }
    String prefix = arg.substring(slash + 1);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix += "/";
    }
    return new BucketPath(arg.substring(0, slash), prefix);
  }

  String key(String name) {
    return keyPrefix + name;
  }

  /** bucket/prefix/name, as euca-register takes it. */
  String location(String name) {
    return bucket + "/" + keyPrefix + name;
  }
}
