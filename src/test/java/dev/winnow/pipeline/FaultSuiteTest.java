package dev.winnow.pipeline;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.cost.PriceTable;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.gemini.GeminiImageModel;
import dev.winnow.generate.gemini.GeminiSettings;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.AutoReviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Gemini client inside the real pipeline, against a server speaking the documented wire format that
 * answers with every fault the API has: 429 with RetryInfo, 500, 503, a hang past the timeout, a body cut short,
 * HTTP-200 blocks (IMAGE_SAFETY, NO_IMAGE, promptFeedback.blockReason) and finals that drifted from their draft.
 */
class FaultSuiteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "fault-suite-key-0123456789";
  private static final String PROMPT = "misty mountains at dawn";

  @Test
  void endsWithExactlyWantFinalsAndALedgerThatAddsUp(@TempDir Path dir) throws Exception {
    AtomicInteger n = new AtomicInteger();
    AtomicInteger finals = new AtomicInteger();
    AtomicInteger drafts = new AtomicInteger();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return answer(request, n.incrementAndGet(), drafts, finals);
        }
      });
      server.start();
      Job job = JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput(PROMPT, null)), 6, null, null, null, null,
          "1K", null, null, null, 3, 60, null, null, 1, JobInput.Source.FLAGS));
      GeminiSettings settings = GeminiSettings.of(KEY).withBaseUrl(URI.create(server.url("/").toString())).withTimeout(Duration.ofSeconds(4));
      try (Ledger ledger = TestLedgers.open(dir.resolve("w.db")); GeminiImageModel model = GeminiImageModel.create(settings)) {
        Pipeline p = new Pipeline(new Pipeline.Services(ledger, model, new Screen(ScreenSettings.defaults()), new AutoReviewer(),
            Planners.forJob(job), PriceTable.builtIn(), new RetryPolicy(6, Duration.ofMillis(20), Duration.ofMillis(200), new Random(3)),
            Pipeline.perModel(60_000), ProgressListener.SILENT, Clock.systemUTC(), "test"));
        BatchOutcome o = p.run(job, dir.resolve("out"));

        assertThat(o.status()).as(() -> o.message() + " " + Summaries.of(ledger, o.batchId(), PriceTable.builtIn())
            + " " + ledger.calls(o.batchId()).stream().map(c -> c.purpose() + ":" + c.outcome() + ":" + c.message()).toList()).isEqualTo(BatchStatus.DONE);
        Summary s = Summaries.of(ledger, o.batchId(), PriceTable.builtIn());
        assertThat(s.delivered()).isEqualTo(6);
        assertThat(s.finals()).hasSize(6);
        assertThat(s.drafted()).isEqualTo(s.screenedOut() + s.draftFailed() + s.rejected() + s.accepted() + s.spare());
        assertThat(s.accepted()).isEqualTo(s.delivered() + s.finalFailed() + s.finalPending());

        List<CallRecord> calls = ledger.calls(o.batchId());
        // every HTTP request the server saw is one recorded call: nothing paid goes unrecorded
        assertThat(calls).hasSize(server.getRequestCount());
        assertThat(calls).extracting(CallRecord::outcome).contains("image", "retryable", "blocked");
        assertThat(calls).filteredOn(c -> c.outcome().equals("retryable")).allMatch(c -> c.costMicros() == 0);
        // images are billed at their list price, plus the thinking a thinking model metered (text output, per token)
        long billed = calls.stream().filter(c -> c.outcome().equals("image")).mapToLong(CallRecord::costMicros).sum();
        assertThat(ledger.spentMicros(o.batchId())).isEqualTo(billed);
        assertThat(calls).filteredOn(c -> c.outcome().equals("image")).allSatisfy(c -> {
          long thinking = c.costMicros() - c.priceMicros();
          assertThat(thinking).isEqualTo(c.model().equals("gemini-nano-banana-2.1") ? 1_215 : 0); // 162 tokens x $7.50/M
        });
        assertThat(s.cost().spentMicros()).isEqualTo(s.cost().draftMicros() + s.cost().finalMicros() + s.cost().reviewMicros());
        assertThat(s.screenedByReason()).containsKey("blocked");
        assertThat(s.drift().flagged()).isZero();
        assertThat(calls).anyMatch(c -> c.message() != null && c.message().startsWith("drifted"));
        assertThat(calls).noneMatch(c -> c.message() != null && c.message().contains(KEY));
      }
    }
  }

  /** A fault schedule by request number, the rest answered with a real image in the documented response shape. */
  private static MockResponse answer(RecordedRequest request, int n, AtomicInteger drafts, AtomicInteger finals) {
    try {
      JsonNode body = JSON.readTree(request.getBody().readUtf8());
      boolean isFinal = !request.getPath().contains("lite");
      // Blocks are scheduled by draft count, so which call gets one does not depend on timing.
      int draft = isFinal ? 0 : drafts.incrementAndGet();
      if (draft % 5 == 2) {
        return json(read(List.of("blocked-image-safety.json", "blocked-no-image.json", "blocked-prompt.json").get((draft / 5) % 3)), 200);
      }
      switch (n % 12) {
        case 1:
          return error("error-429-retry-info.json", 429);
        case 3:
          return error("error-503-overloaded.json", 503);
        case 5:
          return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
        case 7:
          return error("error-500-internal.json", 500);
        case 8:
          return image(body, isFinal, false).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
        default:
          // the first final comes back as another picture: drift, which the pipeline must catch and re-render
          return image(body, isFinal, isFinal && finals.incrementAndGet() == 1);
      }
    } catch (IOException e) {
      return new MockResponse().setResponseCode(500);
    }
  }

  private static MockResponse image(JsonNode body, boolean isFinal, boolean drifted) throws IOException {
    JsonNode config = body.path("generationConfig");
    long seed = config.path("seed").asLong();
    AspectRatio aspect = AspectRatio.parse(config.path("imageConfig").path("aspectRatio").asText("16:9")).orElseThrow();
    ImageSize size = ImageSize.parse(config.path("imageConfig").path("imageSize").asText("1K")).orElseThrow();
    Instructions in = new Instructions(drifted ? "neon city at night" : PROMPT, drifted ? seed + 500 : seed, aspect, size, size, "d", "f");
    CallOutcome.Image png = (CallOutcome.Image) new LocalImageModel().generate(isFinal ? GenerationRequest.fromSeed(in) : GenerationRequest.draft(in));
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(ImageIO.read(new ByteArrayInputStream(png.bytes())), "jpg", jpeg);
    ObjectNode template = (ObjectNode) JSON.readTree(read("image-jpeg.json"));
    ObjectNode inline = (ObjectNode) template.path("candidates").get(0).path("content").path("parts").get(0).path("inlineData");
    inline.put("data", Base64.getEncoder().encodeToString(jpeg.toByteArray()));
    return json(template.toString(), 200);
  }

  private static MockResponse error(String fixture, int status) throws IOException {
    // RetryInfo says 7 s in the captured body; a test waits 0.2 s, in the same format.
    String text = read(fixture).replace("7.120346519s", "0.2s").replace("\"7s\"", "\"0.2s\"");
    return json(text, status);
  }

  private static MockResponse json(String text, int status) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=UTF-8").setBody(text);
  }

  private static String read(String name) throws IOException {
    try (InputStream in = FaultSuiteTest.class.getResourceAsStream("/gemini/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
