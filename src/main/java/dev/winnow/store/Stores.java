package dev.winnow.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens the store a location names ({@code --store}, or a batch's location in the ledger): {@code s3://...} is a
 * bucket, anything else a local folder. One client per location for the life of this object, which closes them.
 */
public final class Stores implements AutoCloseable {
  private final Map<String, String> env;
  private final Map<String, Store> open = new HashMap<>();

  /** @param env where the AWS settings are read from: the process environment, or a test's */
  public Stores(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static Stores fromEnvironment() {
    return new Stores(System.getenv());
  }

  /** Whether {@code location} names a bucket (which is then parsed strictly), rather than a folder. */
  public static boolean isS3(String location) {
    return S3Location.isS3(location);
  }

  public synchronized Store open(String location) {
    Store store = open.get(location);
    if (store == null) {
      store = isS3(location) ? S3Store.connect(S3Location.parse(location), env) : new FolderStore(Path.of(location));
      open.put(location, store);
    }
    return store;
  }

  /** Where {@code key} of batch {@code batchId} is at {@code location}, without opening anything: for reports. */
  public static String name(String location, String batchId, String key) {
    if (isS3(location)) {
      S3Location s3 = S3Location.parse(location);
      return S3Location.SCHEME + s3.bucket() + "/" + s3.key(batchId, key);
    }
    return Path.of(location).resolve(batchId).resolve(key).toString();
  }

  @Override
  public synchronized void close() {
    open.values().forEach(Store::close);
    open.clear();
  }
}
