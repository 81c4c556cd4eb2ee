package dev.winnow.pipeline;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.TokenRates;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.gemini.GeminiImageModel;
import dev.winnow.generate.gemini.GeminiSettings;
import dev.winnow.generate.gemini.GeminiVisionModel;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Review;
import dev.winnow.review.ModelJudge;
import dev.winnow.review.Rubric;
import dev.winnow.review.VisionReviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch reviewed by the Gemini judge, over HTTP: the judge's calls are in the ledger as review spend, the
 * savings count them, and a budget cap holds with them.
 */
class VisionReviewRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "vision-run-key-0123456789abcdef";
  private static final String PROMPT = "misty mountains at dawn";
  private static final PriceTable PRICES = PriceTable.builtIn();
  private static final TokenRates RATES = PRICES.judgeRates("gemini-2.5-flash").orElseThrow();

  @TempDir Path dir;

  @Test
  void theJudgesCallsAreReviewSpendInTheLedgerAndInTheSavings() throws Exception {
    AtomicInteger judged = new AtomicInteger();
    try (MockWebServer server = server(judged)) {
      Job job = job(4, null);
      try (Ledger ledger = TestLedgers.open(dir.resolve("w.db")); Services s = services(server)) {
        BatchOutcome o = pipeline(ledger, s, job).run(job, dir.resolve("out"));
        assertThat(o.status()).isEqualTo(BatchStatus.DONE);

        Summary summary = Summaries.of(ledger, o.batchId(), PRICES);
        List<CallRecord> reviews = ledger.calls(o.batchId()).stream().filter(c -> c.purpose().equals("review")).toList();
        assertThat(reviews).hasSize(judged.get()).allSatisfy(c -> {
          assertThat(c.model()).isEqualTo("gemini-2.5-flash");
          assertThat(c.outcome()).isEqualTo("text");
          assertThat(c.costMicros()).isEqualTo(RATES.micros(571, 74));
        });
        assertThat(summary.cost().reviewMicros()).isEqualTo(reviews.stream().mapToLong(CallRecord::costMicros).sum()).isPositive();
        assertThat(summary.cost().spentMicros()).isEqualTo(summary.cost().draftMicros() + summary.cost().finalMicros() + summary.cost().reviewMicros());
        assertThat(summary.cost().spentMicros()).isEqualTo(ledger.spentMicros(o.batchId()));
        assertThat(summary.cost().wastedMicros()).isZero();
        assertThat(summary.delivered()).isEqualTo(4);
        // Every third judgement rejects: the judge's verdicts are what decided.
        assertThat(summary.rejected()).isEqualTo(judged.get() / 3);
        assertThat(ledger.reviews(o.batchId())).extracting(Review::reviewer).containsOnly("vision:gemini-2.5-flash");
      }
    }
  }

  @Test
  void aBudgetCapHoldsWithTheJudgesCallsInIt() throws Exception {
    AtomicInteger judged = new AtomicInteger();
    try (MockWebServer server = server(judged)) {
      // Room for a few drafts, their judgements and two finals at 1K: the cap stops the batch short.
      Job job = job(6, new BigDecimal("0.25"));
      try (Ledger ledger = TestLedgers.open(dir.resolve("w.db")); Services s = services(server)) {
        BatchOutcome o = pipeline(ledger, s, job).run(job, dir.resolve("out"));
        assertThat(o.status()).isEqualTo(BatchStatus.BUDGET);
        long spent = ledger.spentMicros(o.batchId());
        assertThat(spent).isLessThanOrEqualTo(250_000);
        assertThat(ledger.calls(o.batchId())).anyMatch(c -> c.purpose().equals("review"));
        Summary summary = Summaries.of(ledger, o.batchId(), PRICES);
        assertThat(summary.cost().spentMicros()).isEqualTo(spent);
        assertThat(summary.delivered()).isLessThan(6);
      }
    }
  }

  private record Services(GeminiImageModel images, GeminiVisionModel vision, VisionReviewer reviewer) implements AutoCloseable {
    @Override
    public void close() {
      reviewer.close();
      vision.close();
      images.close();
    }
  }

  private static Services services(MockWebServer server) {
    GeminiSettings settings = GeminiSettings.of(KEY).withBaseUrl(URI.create(server.url("/").toString())).withTimeout(Duration.ofSeconds(5));
    GeminiVisionModel vision = GeminiVisionModel.create(settings);
    ModelJudge judge = new ModelJudge(vision, "gemini-2.5-flash", RATES);
    return new Services(GeminiImageModel.create(settings), vision, VisionReviewer.alone(judge, Rubric.standard(), 4));
  }

  private static Pipeline pipeline(Ledger ledger, Services s, Job job) {
    return new Pipeline(new Pipeline.Services(ledger, s.images(), new Screen(ScreenSettings.defaults()), s.reviewer(), Planners.forJob(job),
        PRICES, new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), new Random(2)), Pipeline.perModel(60_000), ProgressListener.SILENT,
        Clock.systemUTC(), "test"));
  }

  private static Job job(int want, BigDecimal budget) {
    return JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput(PROMPT, null)), want, null, null, null, null,
        "1K", "vision", "seed", null, 3, 40, budget, null, null, JobInput.Source.FLAGS));
  }

  private static MockWebServer server(AtomicInteger judged) throws IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        try {
          JsonNode body = JSON.readTree(request.getBody().readUtf8());
          if (request.getPath().contains("gemini-2.5-flash")) return verdict(judged.incrementAndGet() % 3 != 0);
          return image(body, !request.getPath().contains("lite"));
        } catch (IOException e) {
          return new MockResponse().setResponseCode(500);
        }
      }
    });
    server.start();
    return server;
  }

  private static MockResponse verdict(boolean keep) throws IOException {
    String body = read("judge-json.json");
    if (!keep) body = body.replace("\\\"score\\\": 0.82", "\\\"score\\\": 0.2");
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
  }

  private static MockResponse image(JsonNode body, boolean isFinal) throws IOException {
    JsonNode config = body.path("generationConfig");
    AspectRatio aspect = AspectRatio.parse(config.at("/imageConfig/aspectRatio").asText("16:9")).orElseThrow();
    ImageSize size = ImageSize.parse(config.at("/imageConfig/imageSize").asText("1K")).orElseThrow();
    Instructions in = new Instructions(PROMPT, config.path("seed").asLong(), aspect, size, size, "d", "f");
    CallOutcome.Image png = (CallOutcome.Image) new LocalImageModel().generate(isFinal ? GenerationRequest.fromSeed(in) : GenerationRequest.draft(in));
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(ImageIO.read(new ByteArrayInputStream(png.bytes())), "jpg", jpeg);
    ObjectNode template = (ObjectNode) JSON.readTree(read("image-jpeg.json"));
    ((ObjectNode) template.at("/candidates/0/content/parts/0/inlineData")).put("data", Base64.getEncoder().encodeToString(jpeg.toByteArray()));
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(template.toString());
  }

  private static String read(String name) throws IOException {
    try (InputStream in = VisionReviewRunTest.class.getResourceAsStream("/gemini/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
