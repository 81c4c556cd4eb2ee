package dev.winnow.generate.gemini;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.Lane;
import dev.winnow.generate.ImageModel;
import java.net.URI;
import java.util.List;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The Gemini backend: one {@code models/{model}:generateContent} call per {@link #generate}, through the official
 * SDK, answered with a {@link CallOutcome}. It never throws for anything the remote side does and never retries:
 * the SDK's own retry is switched off (it ignores RetryInfo and would retry a "credits depleted" 429), and winnow's
 * {@code RetryPolicy} decides instead. Safe for many threads; {@link #close()} releases the connections.
 */
public final class GeminiImageModel implements ImageModel {
  /** 2.0.0 defaults to {@code v1}, which rejects the image fields; every Nano Banana model is served on v1beta. */
  static final String API_VERSION = "v1beta";

  /**
   * The SDK reads GOOGLE_API_KEY and GEMINI_API_KEY even when it is handed a key, and warns on stderr "Both … are
   * set. Using GOOGLE_API_KEY." — false here, where the key winnow chose is used. Only those environment notices are
   * dropped; the logger is held so the filter is not collected with it.
   */
  private static final Logger SDK_LOG = quietEnvironmentNotices(Logger.getLogger("com.google.genai.ApiClient"));

  /** Flex aims at 1-15 minutes: a Flex call may wait that long for its answer before it counts as dropped. */
  static final Duration FLEX_TIMEOUT = Duration.ofMinutes(15);

  private final Client client;
  private final GeminiSettings settings;
  private final Redactor redactor;
  private final ErrorClassifier errors;
  private final ErrorClassifier flexErrors;
  private final String endpoint;
  private volatile Client flexClient;
  private final GeminiBatchLane batch;

  private GeminiImageModel(Client client, GeminiSettings settings) {
    this(client, settings, GeminiBatchLane.INLINE_LIMIT);
  }

  private GeminiImageModel(Client client, GeminiSettings settings, long batchInlineLimit) {
    this.client = client;
    this.settings = settings;
    this.redactor = new Redactor(settings.apiKey());
    this.errors = new ErrorClassifier(settings.timeout());
    this.flexErrors = new ErrorClassifier(flexTimeout());
    this.endpoint = settings.baseUrl().map(URI::toString).orElse("Google");
    this.batch = new GeminiBatchLane(settings, batchInlineLimit);
  }

  private Duration flexTimeout() {
    return settings.timeout().compareTo(FLEX_TIMEOUT) > 0 ? settings.timeout() : FLEX_TIMEOUT;
  }

  /** The client for Flex calls: the same settings with Flex's long wait; made on the first Flex call. */
  private Client flex() {
    Client c = flexClient;
    if (c == null) {
      synchronized (this) {
        if (flexClient == null) flexClient = client(settings.withTimeout(flexTimeout()));
        c = flexClient;
      }
    }
    return c;
  }

  /** A backend for these settings. Opens no connection until the first call. */
  public static GeminiImageModel create(GeminiSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new GeminiImageModel(client(settings), settings);
  }

  /** With a smaller inline limit for Batch jobs, so tests send input files without 20 MB of requests. */
  static GeminiImageModel create(GeminiSettings settings, long batchInlineLimit) {
    return new GeminiImageModel(client(settings), settings, batchInlineLimit);
  }

  /** A backend with the default timeouts and limits, for a key and an optional {@code --api-base}. */
  public static GeminiImageModel open(String apiKey, Optional<URI> apiBase) {
    return create(GeminiSettings.of(apiKey).withBaseUrl(apiBase));
  }

  @Override
  public String backend() {
    return "gemini";
  }

  @Override
  public boolean bills() {
    return true;
  }

  @Override
  public CallOutcome generate(GenerationRequest request) {
    Objects.requireNonNull(request, "request");
    return redactor.scrub(attempt(request));
  }

  private CallOutcome attempt(GenerationRequest request) {
    boolean flexLane = request.lane() == Lane.FLEX;
    ErrorClassifier classifier = flexLane ? flexErrors : errors;
    try {
      GenerateContentResponse response =
          (flexLane ? flex() : client).models.generateContent(
              GeminiRequests.model(request), GeminiRequests.content(request), GeminiRequests.config(request));
      return ResponseReader.read(response);
    } catch (ApiException e) {
      return classifier.classify(e);
    } catch (GenAiIOException e) {
      return classifier.transport(e);
    } catch (RuntimeException e) {
      return classifier.unexpected(e);
    }
  }

  /** The Batch API, on its wire format (see {@link GeminiBatchLane}), with this backend's key and endpoint. */
  @Override
  public Optional<dev.winnow.generate.BatchLane> batchLane() {
    return Optional.of(batch);
  }

  @Override
  public void close() {
    client.close();
    if (flexClient != null) flexClient.close();
  }

  @Override
  public String toString() {
    return "GeminiImageModel[" + endpoint + ", " + API_VERSION + "]";
  }

  private static Logger quietEnvironmentNotices(Logger logger) {
    logger.setFilter(r -> r.getMessage() == null || !(r.getMessage().contains("_API_KEY") || r.getMessage().contains("environment variable")));
    return logger;
  }

  static Client client(GeminiSettings settings) {
    HttpOptions.Builder http =
        HttpOptions.builder()
            .apiVersion(API_VERSION)
            .timeout((int) settings.timeout().toMillis())
            .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
    settings.baseUrl().ifPresent(url -> http.baseUrl(url.toString()));
    return Client.builder()
        .apiKey(settings.apiKey())
        .vertexAI(false)
        .httpOptions(http.build())
        .clientOptions(ClientOptions.builder().customHttpClient(okHttp(settings)).build())
        .build();
  }

  /**
   * Our own OkHttp client rather than {@code ClientOptions.maxConnectionsPerHost}: it also sizes the connection pool
   * (OkHttp keeps 5 idle connections, so 32 workers would reconnect on most calls) and bounds connecting. The SDK
   * adds its call timeout and interceptors on top of it; with a custom client it ignores ClientOptions' limits.
   */
  private static OkHttpClient okHttp(GeminiSettings settings) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(settings.maxConnections());
    dispatcher.setMaxRequestsPerHost(settings.maxConnections());
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(settings.maxConnections(), 5, TimeUnit.MINUTES))
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.timeout())
        .writeTimeout(settings.timeout())
        .build();
  }
}
