package dev.winnow.store;

import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the AWS SDK throws into one line a person can act on. Only status codes, error codes and the endpoint
 * are quoted, never a server's message or the request: those can carry the access key id or the string signed.
 */
final class S3Errors {
  private final String bucket;
  private final String endpoint;

  S3Errors(String bucket, String endpoint) {
    this.bucket = bucket;
    this.endpoint = endpoint;
  }

  StoreException explain(String doing, SdkException e) {
    if (e instanceof S3Exception s3) return explain(doing, s3);
    Optional<IOException> io = ioCause(e);
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return StoreException.usage("cannot " + doing + ": no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)");
    }
    if (io.isPresent()) {
      return new StoreException("cannot " + doing + ": the S3 endpoint " + endpoint + " did not answer (" + plainly(io.get()) + ")", e);
    }
    return new StoreException("cannot " + doing + ": " + message.lines().findFirst().orElse("S3 client error"), e);
  }

  private StoreException explain(String doing, S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String what = "HTTP " + e.statusCode() + (code == null || code.isBlank() ? "" : " " + code);
    if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(code) || (e.statusCode() == 404 && doing.startsWith("reach"))) {
      return StoreException.usage("cannot " + doing + ": bucket '" + bucket + "' does not exist at " + endpoint);
    }
    if (e.statusCode() == 403 || e.statusCode() == 401) {
      return StoreException.usage("cannot " + doing + ": access refused (" + what + "); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
          + "(or the AWS profile) and the bucket's permissions");
    }
    if (e.statusCode() == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
      return StoreException.usage("cannot " + doing + ": bucket '" + bucket + "' is in another region (" + what + "); set AWS_REGION to its region");
    }
    return new StoreException("cannot " + doing + ": S3 answered " + what, e);
  }

  /** What went wrong on the wire, in words rather than an exception's class name. */
  private static String plainly(IOException e) {
    if (e instanceof java.net.ConnectException) return "connection refused";
    if (e instanceof java.net.UnknownHostException) return "unknown host " + e.getMessage();
    if (e instanceof java.net.SocketTimeoutException) return "timed out";
    if (e instanceof javax.net.ssl.SSLException) return "TLS failed: " + e.getMessage();
    return e.getMessage() == null ? "I/O error" : e.getMessage();
  }

  private static Optional<IOException> ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) return Optional.of(io);
    }
    return Optional.empty();
  }
}
