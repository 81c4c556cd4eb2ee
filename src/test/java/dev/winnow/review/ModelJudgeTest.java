package dev.winnow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.TokenRates;
import dev.winnow.cost.Usd;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.gemini.GeminiSettings;
import dev.winnow.generate.gemini.GeminiVisionModel;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.JudgeCalls;
import dev.winnow.pipeline.Pipeline;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gemini judge end to end over HTTP: what it sends, what it pays, what it records, how it fails. */
class ModelJudgeTest {
  private static final String KEY = "judge-test-key-5c1e9a7b3d2f4680";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TokenRates RATES = PriceTable.builtIn().judgeRates("gemini-2.5-flash").orElseThrow();

  @TempDir Path dir;
  private MockWebServer server;
  private GeminiVisionModel vision;

  private Ledger ledger;
  private JudgeCalls calls;

  /** The judge's records, as the batch's ledger keeps them. */
  private List<CallRecord> records() {
    return ledger.calls("b");
  }

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    vision = GeminiVisionModel.create(GeminiSettings.of(KEY).withBaseUrl(URI.create(server.url("/").toString())).withTimeout(Duration.ofSeconds(5)));
    ledger = Ledger.open(dir.resolve("w.db"));
    ledger.createBatch("b", "gemini", "{}", 1, "out");
    calls = JudgeCalls.open(ledger, "b", new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), new Random(1)), Pipeline.perModel(60_000),
        Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
  }

  @AfterEach
  void stop() throws IOException {
    calls.close();
    ledger.close();
    vision.close();
    server.shutdown();
  }

  private ModelJudge judge() {
    ModelJudge judge = new ModelJudge(vision, "gemini-2.5-flash", RATES);
    judge.attach(calls);
    return judge;
  }

  private void answer(int status, String fixture) {
    server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=UTF-8").setBody(fixture(fixture)));
  }

  @Test
  void judgesOneDraftAndPaysWhatTheTokensCost() throws Exception {
    answer(200, "judge-json.json");
    {
      Candidate c = awaiting(ledger, "misty mountains at dawn");
      Judgement j = judge().judge(c, png(1376, 768), Rubric.standard());

      assertThat(j.score()).isEqualTo(0.82);
      assertThat(j.confidence()).isEqualTo(0.9);
      assertThat(j.accepted()).isTrue();
      assertThat(j.criteria()).containsEntry("prompt_alignment", 0.9).containsEntry("text_glitches", 1.0).hasSize(4);
      assertThat(j.reason()).startsWith("Misty peaks");
      long cost = RATES.micros(571, 74);
      assertThat(cost).isEqualTo(357); // 571 x $0.30/M + 74 x $2.50/M = $0.0001713 + $0.000185, rounded up
      assertThat(j.costUsd()).isEqualByComparingTo(Usd.usd(cost));
      assertThat(ledger.spentMicros("b")).isEqualTo(cost);
      assertThat(ledger.claims().reservedMicros("b")).isZero();
      CallRecord r = records().get(0);
      assertThat(r.purpose()).isEqualTo("review");
      assertThat(r.candidateId()).isEqualTo(c.id());
      assertThat(r.model()).isEqualTo("gemini-2.5-flash");
      assertThat(r.outcome()).isEqualTo("text");
      assertThat(r.tokens()).isEqualTo(571 + 74);
      assertThat(r.costMicros()).isEqualTo(cost);

      JsonNode body = JSON.readTree(server.takeRequest().getBody().readUtf8());
      String instruction = body.at("/contents/0/parts/1/text").asText();
      assertThat(instruction).contains("\"misty mountains at dawn\"").contains("prompt_alignment").contains("text_glitches");
      BufferedImage sent = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(body.at("/contents/0/parts/0/inlineData/data").asText())));
      assertThat(Math.max(sent.getWidth(), sent.getHeight())).isEqualTo(768);
      assertThat(body.at("/generationConfig/responseJsonSchema/properties/criteria/required").toString()).contains("artefacts");
    }
  }

  @Test
  void anAnswerThatIsNotTheJsonAskedForIsPaidForRecordedAndAskedAgain() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(fixture("judge-json.json").replace("\\\"score\\\": 0.82", "\\\"score\\\": 1.7")));
    answer(200, "judge-json.json");
    {
      Judgement j = judge().judge(awaiting(ledger, "a lake"), png(320, 180), Rubric.standard());
      assertThat(j.score()).isEqualTo(0.82);
      assertThat(records()).extracting(CallRecord::outcome).containsExactly("retryable", "text");
      assertThat(records().get(0).message()).contains("not the JSON asked for");
      assertThat(records()).extracting(CallRecord::attempt).containsExactly(1, 2);
      assertThat(records()).allMatch(r -> r.costMicros() == RATES.micros(571, 74));
      assertThat(j.costUsd()).isEqualByComparingTo(Usd.usd(2 * RATES.micros(571, 74)));
    }
  }

  @Test
  void aRefusalOnTheJudgesSideIsAnUnsureRejectNotAFailure() throws Exception {
    answer(200, "judge-blocked-safety.json");
    {
      Judgement j = judge().judge(awaiting(ledger, "a lake"), png(320, 180), Rubric.standard());
      assertThat(j.accepted()).isFalse();
      assertThat(j.confidence()).isZero();
      assertThat(j.reason()).contains("refused").contains("SAFETY");
      assertThat(records()).singleElement().satisfies(r -> {
        assertThat(r.outcome()).isEqualTo("blocked");
        assertThat(r.costMicros()).isEqualTo(RATES.micros(571, 0));
      });
    }
  }

  @Test
  void rateLimitsAreWaitedOutAndAFailureNoRetryFixesStopsWithoutTheKey() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
        .setBody(fixture("error-429-retry-info.json").replace("7.120346519s", "0.05s").replace("\"7s\"", "\"0.05s\"")));
    answer(200, "judge-json.json");
    answer(403, "error-403-key-echo.json");
    {
      ModelJudge judge = judge();
      assertThat(judge.judge(awaiting(ledger, "a lake"), png(320, 180), Rubric.standard()).score()).isEqualTo(0.82);
      assertThat(records()).extracting(CallRecord::outcome).containsExactly("retryable", "text");
      assertThat(records().get(0).costMicros()).isZero();

      assertThatThrownBy(() -> judge.judge(awaiting(ledger, "a sea"), png(320, 180), Rubric.standard()))
          .isInstanceOf(JudgeFailed.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageNotContaining(KEY);
      assertThat(records()).last().satisfies(r -> assertThat(r.outcome()).isEqualTo("fatal"));
    }
  }

  @Test
  void noCallIsMadeWhenTheBudgetHasNoRoomForItsMostExpensiveAnswer() throws Exception {
    {
      ModelJudge judge = judge();
      ledger.setBudget("b", judge.maxCostMicros() - 1);
      assertThatThrownBy(() -> judge.judge(awaiting(ledger, "a lake"), png(320, 180), Rubric.standard())).isInstanceOf(ReviewOverBudget.class);
      assertThat(server.getRequestCount()).isZero();
      assertThat(records()).isEmpty();
      // The most a judgement can cost is what it reserves: input at its ceiling and the answer at its token limit.
      assertThat(judge.maxCostMicros()).isGreaterThan(RATES.micros(571, 74)).isLessThan(5_000);
    }
  }

  @Test
  void aRubricFromTheJobFileIsWhatTheJudgeIsAskedAndWhatItMustAnswer() throws Exception {
    Rubric sprites = new Rubric(List.of(new Rubric.Criterion("outline", "Is the sprite's outline clean?"), new Rubric.Criterion("palette", "Does it keep to a small palette?")));
    String answer = "{\\\"criteria\\\": {\\\"outline\\\": 0.2, \\\"palette\\\": 0.4}, \\\"score\\\": 0.3, \\\"confidence\\\": 0.7, \\\"reason\\\": \\\"Ragged outline.\\\"}";
    String body = fixture("judge-json.json");
    int start = body.indexOf("\"text\": \"") + 9, end = body.indexOf("\"\n", start);
    server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body.substring(0, start) + answer + body.substring(end)));
    {
      Judgement j = judge().judge(awaiting(ledger, "a knight sprite"), png(320, 320), sprites);
      assertThat(j.accepted()).isFalse();
      assertThat(j.criteria()).containsOnlyKeys("outline", "palette");
      JsonNode sent = JSON.readTree(server.takeRequest().getBody().readUtf8());
      assertThat(sent.at("/contents/0/parts/1/text").asText()).contains("outline: Is the sprite's outline clean?").doesNotContain("prompt_alignment");
      assertThat(sent.at("/generationConfig/responseJsonSchema/properties/criteria/required").toString()).isEqualTo("[\"outline\",\"palette\"]");
    }
  }

  private static Candidate awaiting(Ledger ledger, String prompt) {
    Instructions in = new Instructions(prompt, 7, AspectRatio.parse("16:9").orElseThrow(), ImageSize.K1, ImageSize.K1, "d", "f");
    long id = ledger.plan("b", 0, (int) (System.nanoTime() & 0xffff), in);
    ledger.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/x.png", "image/png"));
    ledger.transition(id, CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, Change.none());
    return ledger.candidate(id);
  }

  private static byte[] png(int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | 90);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String fixture(String name) {
    try (InputStream in = ModelJudgeTest.class.getResourceAsStream("/gemini/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
