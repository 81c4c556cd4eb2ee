package dev.winnow.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A batch's objects in a bucket under {@code PREFIX/BATCH/}. An S3 PUT is atomic by itself (a reader sees the old
 * object or the whole new one), and a conditional PUT ({@code If-None-Match: *}) gives write-once images and manifest
 * entries ({@link S3Manifest}): nothing is ever read, changed and written back.
 */
final class S3Objects implements BatchObjects {
  // A 409 means another write to the same key was in flight: the retry sees it finished. More in a row is not a race.
  private static final int CONFLICT_ATTEMPTS = 5;
  private final S3Client s3;
  private final S3Location location;
  private final String batchId;
  private final S3Errors errors;

  S3Objects(S3Client s3, S3Location location, String batchId, S3Errors errors) {
    this.s3 = s3;
    this.location = location;
    this.batchId = batchId;
    this.errors = errors;
  }

  private String key(String key) {
    return location.key(batchId, key);
  }

  @Override
  public String name(String key) {
    return S3Location.SCHEME + location.bucket() + "/" + key(key);
  }

  @Override
  public void put(String key, byte[] bytes) {
    call("write", key, () -> s3.putObject(request(key).build(), RequestBody.fromBytes(bytes)));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(request(key).ifNoneMatch("*").build(), RequestBody.fromBytes(bytes));
        return true;
      } catch (S3Exception e) {
        // The object is there. Possibly written by this very call: the SDK retries a PUT whose answer was lost, and the
        // retry finds the first attempt's object. Either way it is there and was not overwritten.
        if (e.statusCode() == 412) return false;
        // 409: another conditional write to the key was in flight; AWS asks for a retry, which then finds it there
        if (e.statusCode() != 409 || attempt == CONFLICT_ATTEMPTS) throw errors.explain("write " + name(key), e);
      } catch (SdkException e) {
        throw errors.explain("write " + name(key), e);
      }
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    return call("read", key, () -> {
      try {
        return Optional.of(s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key(key))).asByteArray());
      } catch (NoSuchKeyException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public boolean exists(String key) {
    return size(key) >= 0;
  }

  /**
   * One listing of the keys starting with {@code stem} rather than a HEAD per suffix: one round trip where a stem
   * that is not there (the usual answer) cost four. The listing also holds longer keys ({@code c1-s70.png} for
   * {@code c1-s7}), which the suffixes filter out.
   */
  @Override
  public Optional<String> findFirst(String stem, List<String> suffixes) {
    String full = key(stem);
    Set<String> there = new HashSet<>();
    call("list", stem, () -> {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(full)).contents()) {
        there.add(o.key().substring(full.length()));
      }
      return null;
    });
    return suffixes.stream().filter(there::contains).findFirst().map(s -> stem + s);
  }

  @Override
  public long size(String key) {
    return call("read", key, () -> {
      try {
        return s3.headObject(b -> b.bucket(location.bucket()).key(key(key))).contentLength();
      } catch (NoSuchKeyException e) {
        return -1L;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) return -1L; // a HEAD has no body, so some servers' 404 carries no error code
        throw e;
      }
    });
  }

  @Override
  public byte[] read(String key, long from, long to) {
    if (to <= from) return new byte[0];
    return call("read", key, () -> s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key(key)).range("bytes=" + from + "-" + (to - 1))).asByteArray());
  }

  @Override
  public Manifest manifest() {
    return new S3Manifest(this);
  }

  @Override
  public List<String> list(String prefix) {
    String dir = prefix.endsWith("/") ? prefix : prefix + "/";
    String full = key(dir);
    List<String> keys = new ArrayList<>();
    call("list", dir, () -> {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(full).delimiter("/")).contents()) {
        keys.add(dir + o.key().substring(full.length()));
      }
      return null;
    });
    return keys.stream().filter(k -> !k.substring(dir.length()).startsWith(".")).sorted().toList();
  }

  private PutObjectRequest.Builder request(String key) {
    return PutObjectRequest.builder().bucket(location.bucket()).key(key(key)).contentType(contentType(key));
  }

  private <T> T call(String what, String key, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw errors.explain(what + " " + name(key), e);
    }
  }

  private static String contentType(String key) {
    if (key.endsWith(".png")) return "image/png";
    if (key.endsWith(".jpg")) return "image/jpeg";
    if (key.endsWith(".webp")) return "image/webp";
    if (key.endsWith(".json")) return "application/json";
    if (key.endsWith(".jsonl")) return "application/x-ndjson";
    return "application/octet-stream";
  }
}
