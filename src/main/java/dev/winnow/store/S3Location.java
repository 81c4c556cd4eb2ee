package dev.winnow.store;

import java.util.regex.Pattern;

/** A bucket and a key prefix, parsed from {@code s3://bucket/prefix} (the prefix may be empty). */
record S3Location(String bucket, String prefix) {
  static final String SCHEME = "s3://";
  // S3's rules for new buckets: 3-63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  static boolean isS3(String location) {
    return location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  static S3Location parse(String url) {
    if (!url.startsWith(SCHEME)) throw bad(url, "it must start with s3:// in lower case");
    String rest = url.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
    if (bucket.isEmpty()) throw bad(url, "it names no bucket");
    if (!BUCKET.matcher(bucket).matches()) throw bad(url, "'" + bucket + "' is not a bucket name (3-63 lower-case letters, digits, dots, hyphens)");
    if (prefix.contains("//") || prefix.startsWith("/")) throw bad(url, "the prefix has an empty part (//)");
    if (url.contains("?") || url.contains("#") || url.contains("@")) throw bad(url, "it has a query, fragment or user part");
    return new S3Location(bucket, prefix);
  }

  private static StoreException bad(String url, String why) {
    return StoreException.usage("--store " + url + " is not a usable S3 URL: " + why + " (expected s3://BUCKET or s3://BUCKET/PREFIX)");
  }

  /** The full object key of {@code key} in batch {@code batchId}. */
  String key(String batchId, String key) {
    return (prefix.isEmpty() ? "" : prefix + "/") + batchId + "/" + key;
  }

  @Override
  public String toString() {
    return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
