package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ReferenceImage;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend against a real local HTTP server answering with the documented Gemini bodies. */
class GeminiImageModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instructions LIGHTHOUSE =
      new Instructions(
          "a lighthouse at dusk, oil painting",
          42,
          new AspectRatio(16, 9),
          ImageSize.K1,
          ImageSize.K2,
          "nano-banana-2-lite",
          "gemini-3.1-flash-image");

  private MockWebServer server;
  private GeminiImageModel model;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    model = modelWithTimeout(Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    model.close();
    server.shutdown();
  }

  private GeminiImageModel modelWithTimeout(Duration timeout) {
    URI base = URI.create(server.url("/").toString());
    return GeminiImageModel.create(GeminiSettings.of(Fixtures.KEY).withBaseUrl(base).withTimeout(timeout));
  }

  private void answer(int status, String fixture) {
    server.enqueue(
        new MockResponse()
            .setResponseCode(status)
            .setHeader("Content-Type", "application/json; charset=UTF-8")
            .setBody(Fixtures.read(fixture)));
  }

  private CallOutcome draft() {
    return model.generate(GenerationRequest.draft(LIGHTHOUSE));
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().readUtf8());
  }

  // --- what the SDK sends

  @Test
  void sendsOneImageOnlyGenerateContentCallToV1beta() throws Exception {
    answer(200, "image-jpeg.json");

    draft();

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getPath()).isEqualTo("/v1beta/models/gemini-3.1-flash-lite-image:generateContent");
    assertThat(sent.getHeader("x-goog-api-key")).isEqualTo(Fixtures.KEY);
    JsonNode body = body(sent);
    JsonNode config = body.get("generationConfig");
    assertThat(config.get("responseModalities").toString()).isEqualTo("[\"IMAGE\"]");
    assertThat(config.get("seed").asLong()).isEqualTo(42);
    assertThat(config.at("/imageConfig/aspectRatio").asText()).isEqualTo("16:9");
    assertThat(config.at("/imageConfig/imageSize").asText()).isEqualTo("1K");
    JsonNode parts = body.at("/contents/0/parts");
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).get("text").asText()).isEqualTo(LIGHTHOUSE.prompt());
    assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
  }

  @Test
  void promotionByReferenceSendsTheDraftImageThenTheInstruction() throws Exception {
    answer(200, "image-jpeg.json");
    byte[] draft = Base64.getDecoder().decode(JSON.readTree(Fixtures.read("image-jpeg.json"))
        .at("/candidates/0/content/parts/0/inlineData/data").asText());

    model.generate(GenerationRequest.fromReference(LIGHTHOUSE, new ReferenceImage(draft, "image/jpeg")));

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getPath()).isEqualTo("/v1beta/models/gemini-3.1-flash-image:generateContent");
    JsonNode body = body(sent);
    assertThat(body.at("/generationConfig/imageConfig/imageSize").asText()).isEqualTo("2K");
    assertThat(body.at("/generationConfig/seed").asLong()).isEqualTo(42);
    JsonNode parts = body.at("/contents/0/parts");
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).at("/inlineData/mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(Base64.getDecoder().decode(parts.get(0).at("/inlineData/data").asText())).isEqualTo(draft);
    assertThat(parts.get(1).get("text").asText())
        .startsWith("Re-render the attached image")
        .contains("same composition")
        .endsWith(LIGHTHOUSE.prompt());
  }

  @Test
  void promotionBySeedSendsThePromptAloneToTheFinalModel() throws Exception {
    answer(200, "image-jpeg.json");

    model.generate(GenerationRequest.fromSeed(LIGHTHOUSE));

    JsonNode body = body(server.takeRequest());
    assertThat(body.at("/contents/0/parts")).hasSize(1);
    assertThat(body.at("/generationConfig/imageConfig/imageSize").asText()).isEqualTo("2K");
  }

  @Test
  void sendsTwentyOneByNineAsTheApiNamesIt() throws Exception {
    answer(200, "image-jpeg.json");
    Instructions wide =
        new Instructions("a harbour", 7, new AspectRatio(21, 9), ImageSize.K1, ImageSize.K1, "nano-banana-2-lite", "x");

    model.generate(GenerationRequest.draft(wide));

    // AspectRatio keeps lowest terms (7:3); the API only knows "21:9".
    assertThat(body(server.takeRequest()).at("/generationConfig/imageConfig/aspectRatio").asText()).isEqualTo("21:9");
  }

  // --- HTTP 200 answers

  @Test
  void anImageComesBackWithItsHeaderSizeAndImageTokens() throws Exception {
    answer(200, "image-jpeg.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Image.class);
    CallOutcome.Image image = (CallOutcome.Image) outcome;
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.width()).isEqualTo(64);
    assertThat(image.height()).isEqualTo(36);
    assertThat(image.imageTokens()).isEqualTo(1120);
    assertThat(image.bytes()).startsWith((byte) 0xFF, (byte) 0xD8);
  }

  @Test
  void keepsTheFinalImageNotTheInterimThoughtImage() {
    answer(200, "image-after-thoughts.json");

    CallOutcome.Image image = (CallOutcome.Image) draft();

    assertThat(image.width()).isEqualTo(64); // the thought image is 96x96
    assertThat(image.height()).isEqualTo(36);
  }

  @Test
  void trustsTheImageBytesOverTheDeclaredMimeType() {
    answer(200, "image-declared-png.json");

    CallOutcome.Image image = (CallOutcome.Image) draft();

    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.imageTokens()).isEqualTo(1120); // no modality breakdown: candidatesTokenCount
  }

  @Test
  void aFilteredOutputImageIsBlockedAndNotBilled() {
    answer(200, "blocked-image-safety.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Blocked.class);
    CallOutcome.Blocked blocked = (CallOutcome.Blocked) outcome;
    assertThat(blocked.reason()).isEqualTo("IMAGE_SAFETY");
    assertThat(blocked.message()).isEqualTo("the output image was withheld by the safety filter");
    assertThat(blocked.billed()).isFalse();
  }

  @Test
  void noImageIsBlocked() {
    answer(200, "blocked-no-image.json");

    CallOutcome.Blocked blocked = (CallOutcome.Blocked) draft();

    assertThat(blocked.reason()).isEqualTo("NO_IMAGE");
    assertThat(blocked.message()).isEqualTo("the model produced no image for this prompt");
  }

  @Test
  void aBlockedPromptIsBlockedWithItsReason() {
    answer(200, "blocked-prompt.json");

    CallOutcome.Blocked blocked = (CallOutcome.Blocked) draft();

    assertThat(blocked.reason()).isEqualTo("PROMPT_BLOCKED:PROHIBITED_CONTENT");
    assertThat(blocked.billed()).isFalse();
  }

  @Test
  void aTextOnlyAnswerIsARefusal() {
    answer(200, "text-only-stop.json");

    CallOutcome.Blocked blocked = (CallOutcome.Blocked) draft();

    assertThat(blocked.reason()).isEqualTo("TEXT_ONLY");
    assertThat(blocked.message()).startsWith("I can't create an image");
    assertThat(blocked.billed()).isFalse(); // 27 text tokens, no image tokens
  }

  // --- HTTP errors

  @Test
  void aRateLimitIsRetryableAfterTheServersRetryInfoDelay() {
    answer(429, "error-429-retry-info.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    CallOutcome.Retryable retry = (CallOutcome.Retryable) outcome;
    assertThat(retry.httpStatus()).isEqualTo(429);
    assertThat(retry.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(retry.message()).startsWith("RESOURCE_EXHAUSTED: You exceeded your current quota").doesNotContain("\n");
  }

  @Test
  void depletedCreditsAreFatal() {
    answer(429, "error-429-credits-depleted.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Fatal.class);
    assertThat(((CallOutcome.Fatal) outcome).httpStatus()).isEqualTo(429);
    assertThat(((CallOutcome.Fatal) outcome).message()).contains("prepayment credits are depleted");
  }

  @Test
  void anExhaustedDailyQuotaIsFatalDespiteItsRetryInfo() {
    answer(429, "error-429-daily-quota.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Fatal.class);
    assertThat(((CallOutcome.Fatal) outcome).message()).contains("per-day quota");
  }

  @Test
  void anOverloadedModelIsRetryableAndTheSdkDoesNotRetryItself() throws Exception {
    answer(503, "error-503-overloaded.json");
    answer(503, "error-503-overloaded.json");
    answer(200, "image-jpeg.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    CallOutcome.Retryable retry = (CallOutcome.Retryable) outcome;
    assertThat(retry.httpStatus()).isEqualTo(503);
    assertThat(retry.retryAfter()).isEmpty();
    assertThat(retry.message()).isEqualTo("UNAVAILABLE: The model is overloaded. Please try again later.");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anInternalErrorIsRetryable() {
    answer(500, "error-500-internal.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(((CallOutcome.Retryable) outcome).httpStatus()).isEqualTo(500);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aGatewayTimeoutIsRetryable() {
    server.enqueue(new MockResponse().setResponseCode(504).setBody("upstream timed out"));

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(((CallOutcome.Retryable) outcome).httpStatus()).isEqualTo(504);
  }

  @Test
  void anInvalidArgumentIsFatalWithTheServersReason() {
    answer(400, "error-400-invalid-argument.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Fatal.class);
    assertThat(((CallOutcome.Fatal) outcome).httpStatus()).isEqualTo(400);
    assertThat(((CallOutcome.Fatal) outcome).message())
        .isEqualTo(
            "INVALID_ARGUMENT: Image size 2K is not supported by models/gemini-3.1-flash-lite-image. Supported sizes: 1K.");
  }

  @Test
  void anUnknownModelIsFatal() {
    answer(404, "error-404-model-not-found.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Fatal.class);
    assertThat(((CallOutcome.Fatal) outcome).message())
        .startsWith("NOT_FOUND: models/gemini-9-imaginary-image is not found")
        .endsWith("(check the model name and --api-base)");
  }

  @Test
  void aRejectedKeyIsFatalAndSaysWhichSettingToCheck() {
    answer(400, "error-400-api-key-invalid.json");

    CallOutcome.Fatal fatal = (CallOutcome.Fatal) draft();

    assertThat(fatal.httpStatus()).isEqualTo(400);
    assertThat(fatal.message()).contains("API key not valid").contains("GEMINI_API_KEY");
  }

  @Test
  void unauthenticatedIsFatal() {
    answer(401, "error-401-unauthenticated.json");

    CallOutcome.Fatal fatal = (CallOutcome.Fatal) draft();

    assertThat(fatal.httpStatus()).isEqualTo(401);
    assertThat(fatal.message()).startsWith("UNAUTHENTICATED:");
  }

  @Test
  void aKeyTheServerEchoesNeverLeaves() {
    answer(403, "error-403-key-echo.json");

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Fatal.class);
    CallOutcome.Fatal fatal = (CallOutcome.Fatal) outcome;
    assertThat(fatal.httpStatus()).isEqualTo(403);
    assertThat(fatal.message()).contains("Consumer 'api_key:[redacted]' has been suspended");
    assertThat(fatal.toString()).doesNotContain(Fixtures.KEY);
    assertThat(model.toString()).doesNotContain(Fixtures.KEY);
  }

  @Test
  void theSdksMisleadingEnvironmentKeyNoticeIsDroppedAndOtherWarningsAreNot() {
    Filter filter = Logger.getLogger("com.google.genai.ApiClient").getFilter();
    String misleading = "Both GOOGLE_API_KEY and GEMINI_API_KEY are set. Using GOOGLE_API_KEY.";

    assertThat(filter.isLoggable(new LogRecord(Level.WARNING, misleading))).isFalse();
    assertThat(filter.isLoggable(new LogRecord(Level.WARNING, "Failed to close the client."))).isTrue();
  }

  // --- no usable HTTP answer

  @Test
  void aServerThatNeverAnswersIsARetryableTimeout() {
    model.close();
    model = modelWithTimeout(Duration.ofSeconds(1));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

    long start = System.nanoTime();
    CallOutcome outcome = draft();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(outcome).isEqualTo(new CallOutcome.Retryable(0, "no answer within 1 s (timeout)", Optional.empty()));
    assertThat(tookMs).isBetween(900L, 4_000L);
  }

  @Test
  void aBodyThatArrivesTooSlowlyIsARetryableTimeout() {
    model.close();
    model = modelWithTimeout(Duration.ofSeconds(1));
    server.enqueue(
        new MockResponse().setBody(Fixtures.read("image-jpeg.json")).setBodyDelay(3, TimeUnit.SECONDS));

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(((CallOutcome.Retryable) outcome).message()).contains("timeout");
  }

  @Test
  void aTruncatedBodyIsRetryable() {
    String body = Fixtures.read("image-jpeg.json");
    server.enqueue(
        new MockResponse()
            .setBody(body)
            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(((CallOutcome.Retryable) outcome).httpStatus()).isZero();
  }

  @Test
  void aBodyCutShortOfValidJsonIsRetryable() {
    String body = Fixtures.read("image-jpeg.json");
    server.enqueue(new MockResponse().setBody(body.substring(0, body.length() / 2)));

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(((CallOutcome.Retryable) outcome).message()).contains("parse");
  }

  @Test
  void aRefusedConnectionIsRetryable() throws Exception {
    server.shutdown();

    CallOutcome outcome = draft();

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    assertThat(((CallOutcome.Retryable) outcome).httpStatus()).isZero();
  }

  // --- concurrency

  @Test
  void manyCallsRunAtOnceNotFivePerHost() throws Exception {
    int calls = 12;
    for (int i = 0; i < calls; i++) {
      server.enqueue(new MockResponse().setBody(Fixtures.read("image-jpeg.json")).setHeadersDelay(700, TimeUnit.MILLISECONDS));
    }
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try {
      long start = System.nanoTime();
      List<Future<CallOutcome>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) futures.add(pool.submit(this::draft));
      for (Future<CallOutcome> f : futures) assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(CallOutcome.Image.class);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(tookMs).isLessThan(2 * 700 + 600); // queued at 5 at a time it would take 3 x 700 ms
    } finally {
      pool.shutdownNow();
    }
  }
}
