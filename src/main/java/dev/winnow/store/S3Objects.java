package dev.winnow.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A batch's objects in a bucket under {@code PREFIX/BATCH/}. An S3 PUT is atomic by itself (a reader sees the old
 * object or the whole new one), and a conditional PUT ({@code If-None-Match: *}, {@code If-Match: ETAG}) gives
 * write-once images and a manifest that concurrent workers append to without losing each other's lines.
 */
final class S3Objects implements BatchObjects {
  // Appends by other workers each cost one more read and write; a manifest hotter than this is a bug, not a race.
  private static final int APPEND_ATTEMPTS = 50;
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
  public boolean putOnce(String key, byte[] bytes) {
    try {
      s3.putObject(request(key).ifNoneMatch("*").build(), RequestBody.fromBytes(bytes));
      return true;
    } catch (S3Exception e) {
      if (!S3Errors.lostARace(e)) throw errors.explain("write " + name(key), e);
    } catch (SdkException e) {
      throw errors.explain("write " + name(key), e);
    }
    byte[] there = get(key).orElse(new byte[0]);
    if (Arrays.equals(there, bytes)) return false;
    throw new StoreException(name(key) + " already holds a different image; it was not overwritten", null);
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

  /**
   * S3 has no append: the object is read, extended and written back only if nobody wrote it in between (its ETag
   * still matches), else read again. A line a crash tore cannot happen (PUTs are whole), but an edited object is
   * still ended with a newline first.
   */
  @Override
  public void appendLine(String key, String line) {
    for (int attempt = 1; attempt <= APPEND_ATTEMPTS; attempt++) {
      Optional<ResponseBytes<GetObjectResponse>> current = call("read", key, () -> {
        try {
          return Optional.of(s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key(key))));
        } catch (NoSuchKeyException e) {
          return Optional.empty();
        }
      });
      String before = current.map(r -> r.asString(StandardCharsets.UTF_8)).orElse("");
      String text = before + (before.isEmpty() || before.endsWith("\n") ? "" : "\n") + line + "\n";
      PutObjectRequest.Builder put = request(key);
      if (current.isPresent()) put.ifMatch(current.get().response().eTag());
      else put.ifNoneMatch("*");
      try {
        s3.putObject(put.build(), RequestBody.fromString(text, StandardCharsets.UTF_8));
        return;
      } catch (S3Exception e) {
        if (!S3Errors.lostARace(e)) throw errors.explain("write " + name(key), e);
      } catch (SdkException e) {
        throw errors.explain("write " + name(key), e);
      }
    }
    throw new StoreException("cannot append to " + name(key) + ": other writers changed it " + APPEND_ATTEMPTS + " times in a row", null);
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
    if (key.endsWith(".jsonl")) return "application/x-ndjson";
    return "application/octet-stream";
  }
}
