package dev.winnow.generate.gemini;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the Gemini API: the key, where to send calls, how long to wait and how many calls may be open at
 * once. Checked once, here, with messages that name the setting; {@link #toString()} never shows the key.
 *
 * @param apiKey the Gemini API key ({@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY})
 * @param baseUrl a proxy, gateway or test server to send calls to instead of Google's endpoint
 * @param timeout the most one call may take, connecting and reading included (image models can take a minute at 4K)
 * @param connectTimeout the most opening a connection may take
 * @param maxConnections how many calls may be in flight at once (OkHttp's default of 5 per host would queue the rest)
 */
public record GeminiSettings(
    String apiKey, Optional<URI> baseUrl, Duration timeout, Duration connectTimeout, int maxConnections) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public GeminiSettings {
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    apiKey = apiKey.strip();
    if (apiKey.isEmpty()) {
      throw new IllegalArgumentException("the Gemini API key must not be empty (set GEMINI_API_KEY or GOOGLE_API_KEY)");
    }
    baseUrl.ifPresent(GeminiSettings::checkBaseUrl);
    checkDuration("timeout", timeout, Duration.ofSeconds(1));
    checkDuration("connect timeout", connectTimeout, Duration.ofMillis(100));
    if (maxConnections < 1 || maxConnections > 1024) {
      throw new IllegalArgumentException("max connections must be between 1 and 1024 (got " + maxConnections + ")");
    }
  }

  /** Google's endpoint, the default timeouts and connection limit. */
  public static GeminiSettings of(String apiKey) {
    return new GeminiSettings(
        apiKey, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
  }

  public GeminiSettings withBaseUrl(URI url) {
    return new GeminiSettings(apiKey, Optional.of(url), timeout, connectTimeout, maxConnections);
  }

  public GeminiSettings withBaseUrl(Optional<URI> url) {
    return new GeminiSettings(apiKey, url, timeout, connectTimeout, maxConnections);
  }

  public GeminiSettings withTimeout(Duration callTimeout) {
    return new GeminiSettings(apiKey, baseUrl, callTimeout, connectTimeout, maxConnections);
  }

  public GeminiSettings withConnectTimeout(Duration connect) {
    return new GeminiSettings(apiKey, baseUrl, timeout, connect, maxConnections);
  }

  public GeminiSettings withMaxConnections(int max) {
    return new GeminiSettings(apiKey, baseUrl, timeout, connectTimeout, max);
  }

  @Override
  public String toString() {
    return "GeminiSettings[apiKey=(hidden), baseUrl="
        + baseUrl.map(URI::toString).orElse("(Google)")
        + ", timeout="
        + timeout
        + ", connectTimeout="
        + connectTimeout
        + ", maxConnections="
        + maxConnections
        + "]";
  }

  private static void checkBaseUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("--api-base must be an http(s) URL with a host (got '" + url + "')");
    }
    if (url.getRawUserInfo() != null || url.getRawQuery() != null) {
      // A key smuggled into the URL would end up in logs and error messages; it belongs in the header only.
      throw new IllegalArgumentException("--api-base must not carry credentials or a query string (got a URL with them)");
    }
  }

  private static void checkDuration(String name, Duration value, Duration least) {
    if (value.compareTo(least) < 0 || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the Gemini " + name + " must be between " + least.toMillis() + " ms and " + Integer.MAX_VALUE + " ms (got "
              + value.toMillis() + " ms)");
    }
  }
}
