package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GeminiSettingsTest {

  @Test
  void defaultsBoundEveryCall() {
    GeminiSettings s = GeminiSettings.of("a-key");

    assertThat(s.baseUrl()).isEmpty();
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.maxConnections()).isEqualTo(64);
  }

  @Test
  void neverPrintsTheKey() {
    GeminiSettings s = GeminiSettings.of("winnow-test-key-7f3a9c2e5b1d4086").withBaseUrl(URI.create("http://127.0.0.1:8787"));

    assertThat(s.toString()).doesNotContain("winnow-test-key").contains("apiKey=(hidden)").contains("http://127.0.0.1:8787");
  }

  @Test
  void rejectsAnEmptyKeyNamingTheVariables() {
    assertThatThrownBy(() -> GeminiSettings.of("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GEMINI_API_KEY");
  }

  @Test
  void rejectsABaseUrlThatIsNotHttp() {
    assertThatThrownBy(() -> GeminiSettings.of("k").withBaseUrl(URI.create("ftp://example.com")))
        .hasMessage("--api-base must be an http(s) URL with a host (got 'ftp://example.com')");
  }

  @Test
  void rejectsABaseUrlCarryingAKeyWithoutRepeatingIt() {
    assertThatThrownBy(() -> GeminiSettings.of("k").withBaseUrl(URI.create("https://gw.example.com/?key=AIzaXYZ")))
        .hasMessageNotContaining("AIzaXYZ")
        .hasMessageContaining("query string");
  }

  @Test
  void rejectsTimeoutsOutOfRange() {
    assertThatThrownBy(() -> GeminiSettings.of("k").withTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("timeout must be between 1000 ms")
        .hasMessageContaining("(got 10 ms)");
    assertThatThrownBy(() -> GeminiSettings.of("k").withMaxConnections(0))
        .hasMessage("max connections must be between 1 and 1024 (got 0)");
  }
}
