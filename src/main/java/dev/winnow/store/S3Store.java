package dev.winnow.store;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Batches in an S3 bucket (AWS or any S3-compatible server), {@code s3://bucket/prefix/BATCH/...}. Configured the
 * way every AWS tool is: {@code AWS_ENDPOINT_URL} for a server other than AWS (then with path-style addressing, which
 * such servers expect), the region from {@code AWS_REGION} or the profile (else us-east-1), the credentials from the
 * environment or the standard chain (profile, SSO, container, instance).
 */
final class S3Store implements Store {
  static final String DEFAULT_REGION = "us-east-1";
  private static final String PROBE = ".winnow-probe";
  private final S3Location location;
  private final S3Client s3;
  private final S3Errors errors;

  private S3Store(S3Location location, S3Client s3, S3Errors errors) {
    this.location = location;
    this.s3 = s3;
    this.errors = errors;
  }

  static S3Store connect(S3Location location, Map<String, String> env) {
    Optional<URI> endpoint = endpoint(env);
    Region region = region(env);
    S3ClientBuilder b = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)).build())
        .region(region)
        .credentialsProvider(credentials(env));
    if (endpoint.isPresent()) {
      // S3-compatible servers answer at one host (path-style) and most do not take the streaming checksums AWS added.
      b.endpointOverride(endpoint.get()).forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    String where = endpoint.map(URI::toString).orElse("AWS S3 in " + region.id());
    return new S3Store(location, b.build(), new S3Errors(location.bucket(), where));
  }

  @Override
  public String location() {
    return location.toString();
  }

  @Override
  public BatchObjects batch(String batchId) {
    return new S3Objects(s3, location, batchId, errors);
  }

  /** HEAD the bucket, and with {@code writes} PUT and DELETE a probe object under the prefix. */
  @Override
  public void check(boolean writes) {
    try {
      s3.headBucket(b -> b.bucket(location.bucket()));
    } catch (SdkException e) {
      throw errors.explain("reach " + location, e);
    }
    if (!writes) return;
    String probe = (location.prefix().isEmpty() ? "" : location.prefix() + "/") + PROBE;
    try {
      s3.putObject(b -> b.bucket(location.bucket()).key(probe), RequestBody.fromString("winnow checks it may write here"));
    } catch (SdkException e) {
      throw errors.explain("write to " + location, e);
    }
    try {
      s3.deleteObject(b -> b.bucket(location.bucket()).key(probe));
    } catch (SdkException e) {
      // a bucket that takes writes but not deletes still holds every image; the probe is left behind
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private static Optional<URI> endpoint(Map<String, String> env) {
    String name = env.containsKey("AWS_ENDPOINT_URL_S3") ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL";
    String value = env.get(name);
    if (value == null || value.isBlank()) return Optional.empty();
    try {
      URI uri = new URI(value.strip());
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw StoreException.usage(name + " must be an http:// or https:// URL with a host (got " + value + ")");
      }
      return Optional.of(uri);
    } catch (java.net.URISyntaxException e) {
      throw StoreException.usage(name + " must be an http:// or https:// URL (got " + value + ")");
    }
  }

  private static Region region(Map<String, String> env) {
    for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) return Region.of(value.strip());
    }
    try {
      // The profile only: the full chain would ask the EC2 instance metadata, which stalls for seconds elsewhere.
      Region fromProfile = new AwsProfileRegionProvider().getRegion();
      if (fromProfile != null) return fromProfile;
    } catch (RuntimeException e) {
      // no profile, or none with a region
    }
    return Region.of(DEFAULT_REGION);
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID"), secret = env.get("AWS_SECRET_ACCESS_KEY"), token = env.get("AWS_SESSION_TOKEN");
    if (id == null || secret == null) return DefaultCredentialsProvider.builder().build();
    return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
  }
}
