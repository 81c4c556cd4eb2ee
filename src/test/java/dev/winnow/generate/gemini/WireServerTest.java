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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo and benchmark server, driven through the real backend. */
class WireServerTest {
  private WireServer server;
  private GeminiImageModel model;

  private void start(int rpm, double failRate, double blockRate, Optional<String> key) throws Exception {
    start(new WireServer.Config("127.0.0.1", 0, rpm, 0, 0, failRate, blockRate, key, 1, true));
  }

  private void start(WireServer.Config config) throws Exception {
    server = WireServer.start(config);
    model = GeminiImageModel.open("a-key-for-the-wire-server", Optional.of(URI.create(server.baseUrl())));
  }

  private static WireServer.Config noFaults(int rpm) {
    return new WireServer.Config("127.0.0.1", 0, rpm, 0, 0, 0, 0, Optional.empty(), 1, true);
  }

  private JsonNode stats() throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/stats")).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    return new ObjectMapper().readTree(body);
  }

  private long millisToGenerate(GenerationRequest request) {
    long t0 = System.nanoTime();
    assertThat(model.generate(request)).isInstanceOf(CallOutcome.Image.class);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @AfterEach
  void stop() {
    if (model != null) model.close();
    if (server != null) server.close();
  }

  private static Instructions instructions(String draftModel, ImageSize draftSize, ImageSize finalSize) {
    return new Instructions(
        "a red kite over a beach", 5, new AspectRatio(16, 9), draftSize, finalSize, draftModel, "gemini-3.1-flash-image");
  }

  @Test
  void servesARealJpegOfTheRequestedAspectAndSize() throws Exception {
    start(0, 0, 0, Optional.empty());

    CallOutcome outcome = model.generate(GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K2)));

    assertThat(outcome).isInstanceOf(CallOutcome.Image.class);
    CallOutcome.Image image = (CallOutcome.Image) outcome;
    int[] expected = new AspectRatio(16, 9).pixels(ImageSize.K1);
    assertThat(new int[] {image.width(), image.height()}).isEqualTo(expected);
    assertThat(ImageIO.read(new ByteArrayInputStream(image.bytes())).getWidth()).isEqualTo(expected[0]);
    assertThat(image.imageTokens()).isEqualTo(1120);
  }

  @Test
  void differentSeedsGiveDifferentImages() throws Exception {
    start(0, 0, 0, Optional.empty());
    Instructions a = instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1);
    Instructions b = new Instructions(a.prompt(), 6, a.aspect(), a.draftSize(), a.finalSize(), a.draftModel(), a.finalModel());

    byte[] first = ((CallOutcome.Image) model.generate(GenerationRequest.draft(a))).bytes();
    byte[] second = ((CallOutcome.Image) model.generate(GenerationRequest.draft(b))).bytes();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aPromotionByReferenceComesBackAtTheFinalSize() throws Exception {
    start(0, 0, 0, Optional.empty());
    Instructions in = instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K2);
    CallOutcome.Image draft = (CallOutcome.Image) model.generate(GenerationRequest.draft(in));

    CallOutcome outcome =
        model.generate(GenerationRequest.fromReference(in, new ReferenceImage(draft.bytes(), draft.mimeType())));

    CallOutcome.Image fin = (CallOutcome.Image) outcome;
    assertThat(new int[] {fin.width(), fin.height()}).isEqualTo(new AspectRatio(16, 9).pixels(ImageSize.K2));
    assertThat(fin.imageTokens()).isEqualTo(1680);
  }

  @Test
  void liteAtTwoKIsAFatalInvalidArgument() throws Exception {
    start(0, 0, 0, Optional.empty());

    CallOutcome outcome = model.generate(GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K2, ImageSize.K2)));

    assertThat(outcome).isInstanceOf(CallOutcome.Fatal.class);
    assertThat(((CallOutcome.Fatal) outcome).message()).startsWith("INVALID_ARGUMENT: Image size 2K is not supported");
  }

  @Test
  void overTheQuotaItAnswers429WithARetryDelay() throws Exception {
    start(2, 0, 0, Optional.empty());
    GenerationRequest request = GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1));
    model.generate(request);
    model.generate(request);

    CallOutcome outcome = model.generate(request);

    assertThat(outcome).isInstanceOf(CallOutcome.Retryable.class);
    CallOutcome.Retryable limited = (CallOutcome.Retryable) outcome;
    assertThat(limited.httpStatus()).isEqualTo(429);
    assertThat(limited.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60)));
    assertThat(server.counts("gemini-3.1-flash-lite-image").rateLimited.get()).isEqualTo(1);
  }

  @Test
  void injectsOverloadsAndBlocksAtTheConfiguredRates() throws Exception {
    start(0, 0.5, 0.5, Optional.empty());
    GenerationRequest request = GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1));

    int retryable = 0, blocked = 0;
    for (int i = 0; i < 40; i++) {
      CallOutcome o = model.generate(request);
      if (o instanceof CallOutcome.Retryable) retryable++;
      if (o instanceof CallOutcome.Blocked) blocked++;
    }

    assertThat(retryable + blocked).isEqualTo(40);
    assertThat(retryable).isBetween(10, 30);
  }

  @Test
  void aWrongKeyIsRejectedAsInvalid() throws Exception {
    start(0, 0, 0, Optional.of("the-right-key"));

    CallOutcome outcome = model.generate(GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1)));

    assertThat(outcome).isInstanceOf(CallOutcome.Fatal.class);
    assertThat(((CallOutcome.Fatal) outcome).message()).contains("API key not valid");
  }

  @Test
  void reportsWhatItAdmitted() throws Exception {
    start(0, 0, 0, Optional.empty());
    model.generate(GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1)));

    String stats =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/stats")).build(), HttpResponse.BodyHandlers.ofString())
            .body();

    JsonNode lite = new ObjectMapper().readTree(stats).at("/models/gemini-3.1-flash-lite-image");
    assertThat(lite.get("admitted").asLong()).isEqualTo(1);
    assertThat(lite.get("images").asLong()).isEqualTo(1);
  }

  @Test
  void aModelNamedInLatencyForTakesItsOwnLatency() throws Exception {
    start(noFaults(0).withLatencyFor("nano-banana-2", new WireServer.Latency(700, 700)));
    Instructions in = instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1);
    millisToGenerate(GenerationRequest.draft(in)); // the first call pays the client's and the server's warm-up

    long draft = millisToGenerate(GenerationRequest.draft(in));
    long fin = millisToGenerate(GenerationRequest.fromSeed(in));

    assertThat(fin).isGreaterThanOrEqualTo(700);
    assertThat(draft).isLessThan(700);
  }

  @Test
  void latencyForTakesAModelOrAliasAndLeavesTheOthersAtTheDefault() {
    WireServer.Config config =
        WireServer.Config.parse(new String[] {"--latency", "100-200", "--latency-for", "nano-banana-2=3000", "--latency-for", "gemini-3.1-flash-lite-image=1500-1600"});

    assertThat(config.latency("gemini-3.1-flash-image")).isEqualTo(new WireServer.Latency(3000, 3000));
    assertThat(config.latency("gemini-3.1-flash-lite-image")).isEqualTo(new WireServer.Latency(1500, 1600));
    assertThat(config.latency("gemini-3-pro-image")).isEqualTo(new WireServer.Latency(100, 200));
    assertThatThrownBy(() -> WireServer.Config.parse(new String[] {"--latency-for", "imagen-4=100"}))
        .hasMessageStartingWith("--latency-for names an unknown model imagen-4 (known: gemini-3.1-flash-lite-image");
    assertThatThrownBy(() -> WireServer.Config.parse(new String[] {"--latency-for", "nano-banana-2=9-3"}))
        .hasMessage("--latency-for gemini-3.1-flash-image must be MIN-MAX ms with 0 <= MIN <= MAX (got 9-3)");
  }

  @Test
  void anImageAnsweredAgainForTheSameRequestIsCountedAsADuplicate() throws Exception {
    start(noFaults(0));
    Instructions in = instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1);
    Instructions nextSeed = new Instructions(in.prompt(), 6, in.aspect(), in.draftSize(), in.finalSize(), in.draftModel(), in.finalModel());

    model.generate(GenerationRequest.draft(in));
    model.generate(GenerationRequest.draft(nextSeed));
    model.generate(GenerationRequest.draft(in));

    JsonNode lite = stats().at("/models/gemini-3.1-flash-lite-image");
    assertThat(lite.get("images").asLong()).isEqualTo(3);
    assertThat(lite.get("duplicateImages").asLong()).isEqualTo(1);
  }

  @Test
  void aFinalByReferenceIsTheSameCallOnlyWithTheSameReferenceImage() throws Exception {
    start(noFaults(0));
    Instructions in = instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1);
    Instructions nextSeed = new Instructions(in.prompt(), 6, in.aspect(), in.draftSize(), in.finalSize(), in.draftModel(), in.finalModel());
    CallOutcome.Image draft = (CallOutcome.Image) model.generate(GenerationRequest.draft(in));
    CallOutcome.Image other = (CallOutcome.Image) model.generate(GenerationRequest.draft(nextSeed));

    model.generate(GenerationRequest.fromReference(in, new ReferenceImage(draft.bytes(), draft.mimeType())));
    model.generate(GenerationRequest.fromReference(in, new ReferenceImage(other.bytes(), other.mimeType())));
    model.generate(GenerationRequest.fromSeed(in));
    model.generate(GenerationRequest.fromReference(in, new ReferenceImage(draft.bytes(), draft.mimeType())));

    JsonNode flash = stats().at("/models/gemini-3.1-flash-image");
    assertThat(flash.get("images").asLong()).isEqualTo(4);
    assertThat(flash.get("duplicateImages").asLong()).isEqualTo(1);
  }

  @Test
  void reportsAdmittedCallsPerMinuteAndTheBusiestRollingMinute() throws Exception {
    start(noFaults(2));
    GenerationRequest request = GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1));
    for (int i = 0; i < 3; i++) model.generate(request);

    JsonNode root = stats();
    JsonNode lite = root.at("/models/gemini-3.1-flash-lite-image");
    assertThat(root.get("firstRequestMillis").asLong()).isGreaterThanOrEqualTo(root.get("startedMillis").asLong());
    assertThat(lite.get("admittedPerMinute").toString()).isEqualTo("[2]");
    assertThat(lite.get("maxAdmittedInRollingMinute").asInt()).isEqualTo(2);
    assertThat(lite.get("rateLimited").asLong()).isEqualTo(1);
  }

  @Test
  void logsOneJsonLinePerRequest(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("requests.jsonl");
    start(noFaults(2).withLog(log));
    GenerationRequest request = GenerationRequest.draft(instructions("nano-banana-2-lite", ImageSize.K1, ImageSize.K1));
    for (int i = 0; i < 3; i++) model.generate(request);

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) lines.add(new ObjectMapper().readTree(line));

    assertThat(lines).extracting(l -> l.get("outcome").asText()).containsExactly("image", "image", "rate-limited");
    assertThat(lines).extracting(l -> l.get("status").asInt()).containsExactly(200, 200, 429);
    assertThat(lines).extracting(l -> l.get("duplicate").asBoolean()).containsExactly(false, true, false);
    JsonNode first = lines.get(0);
    assertThat(first.get("model").asText()).isEqualTo("gemini-3.1-flash-lite-image");
    assertThat(first.get("seed").asLong()).isEqualTo(5);
    assertThat(first.get("promptHash").asText()).hasSize(16).isEqualTo(lines.get(2).get("promptHash").asText());
    assertThat(first.get("reference").asBoolean()).isFalse();
    assertThat(first.get("timeMs").asLong()).isGreaterThanOrEqualTo(stats().get("firstRequestMillis").asLong());
  }
}
