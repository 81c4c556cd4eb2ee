package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.VisionQuery;
import dev.winnow.generate.VisionReply;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vision judge's client against a real local HTTP server answering with the documented Gemini bodies. */
class GeminiVisionModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};
  private static final Map<String, Object> SCHEMA =
      Map.of("type", "object", "properties", Map.of("score", Map.of("type", "number")), "required", List.of("score"));

  private MockWebServer server;
  private GeminiVisionModel model;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    model = GeminiVisionModel.create(GeminiSettings.of(Fixtures.KEY).withBaseUrl(URI.create(server.url("/").toString())).withTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() throws Exception {
    model.close();
    server.shutdown();
  }

  private void answer(int status, String fixture) {
    server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=UTF-8").setBody(Fixtures.read(fixture)));
  }

  private VisionReply ask(String model) {
    return this.model.ask(new VisionQuery(model, IMAGE, "image/jpeg", "Judge this draft.", SCHEMA, 512));
  }

  @Test
  void sendsTheImageThenTheInstructionAndAsksForJsonByStructuredOutput() throws Exception {
    answer(200, "judge-json.json");
    ask("gemini-2.5-flash");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getPath()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(request.getHeader("x-goog-api-key")).isEqualTo(Fixtures.KEY);
    JsonNode body = JSON.readTree(request.getBody().readUtf8());
    JsonNode parts = body.at("/contents/0/parts");
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).at("/inlineData/mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(Base64.getDecoder().decode(parts.get(0).at("/inlineData/data").asText())).isEqualTo(IMAGE);
    assertThat(parts.get(1).path("text").asText()).isEqualTo("Judge this draft.");
    JsonNode config = body.path("generationConfig");
    assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(config.at("/responseJsonSchema/required/0").asText()).isEqualTo("score");
    assertThat(config.at("/responseJsonSchema/properties/score/type").asText()).isEqualTo("number");
    assertThat(config.path("temperature").asDouble(-1)).isZero();
    assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(512);
    assertThat(config.at("/thinkingConfig/thinkingBudget").asInt(-1)).isZero();
    assertThat(config.has("responseModalities")).isFalse();
  }

  @Test
  void gemini3JudgesThinkAtTheLowestLevelInsteadOfABudget() throws Exception {
    answer(200, "judge-json.json");
    ask("gemini-3-flash-preview");
    JsonNode config = JSON.readTree(server.takeRequest().getBody().readUtf8()).path("generationConfig");
    assertThat(config.at("/thinkingConfig/thinkingLevel").asText()).isEqualToIgnoringCase("low");
    assertThat(config.at("/thinkingConfig").has("thinkingBudget")).isFalse();
  }

  @Test
  void readsTheJsonTextAndTheTokensMetered() {
    answer(200, "judge-json.json");
    VisionReply reply = ask("gemini-2.5-flash");
    assertThat(reply.outcome()).isInstanceOf(CallOutcome.Text.class);
    assertThat(((CallOutcome.Text) reply.outcome()).text()).startsWith("{\"criteria\"").contains("\"score\": 0.82");
    assertThat(reply.inputTokens()).isEqualTo(571);
    assertThat(reply.outputTokens()).isEqualTo(74);
  }

  @Test
  void aSafetyRefusalIsBlockedWithItsInputTokensStillMetered() {
    answer(200, "judge-blocked-safety.json");
    VisionReply reply = ask("gemini-2.5-flash");
    assertThat(reply.outcome()).isInstanceOf(CallOutcome.Blocked.class);
    assertThat(((CallOutcome.Blocked) reply.outcome()).reason()).isEqualTo("SAFETY");
    assertThat(reply.inputTokens()).isEqualTo(571);
    assertThat(reply.outputTokens()).isZero();
  }

  @Test
  void anAnswerCutOffAtTheTokenLimitIsWorthAnotherTryAndCountsThinkingAsOutput() {
    answer(200, "judge-max-tokens.json");
    VisionReply reply = ask("gemini-2.5-flash");
    assertThat(reply.outcome()).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(reply.outcome().describe()).contains("output token limit");
    assertThat(reply.outputTokens()).isEqualTo(20 + 492);
  }

  @Test
  void rateLimitsCarryTheServersDelayAndAKeyEchoedInAnErrorIsMasked() {
    answer(429, "error-429-retry-info.json");
    VisionReply limited = ask("gemini-2.5-flash");
    assertThat(limited.outcome()).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(((CallOutcome.Retryable) limited.outcome()).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(limited.inputTokens() + limited.outputTokens()).isZero();

    answer(403, "error-403-key-echo.json");
    VisionReply denied = ask("gemini-2.5-flash");
    assertThat(denied.outcome()).isInstanceOf(CallOutcome.Fatal.class);
    assertThat(denied.outcome().describe()).doesNotContain(Fixtures.KEY).contains(Redactor.MASK);
  }
}
