package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.cost.PriceTable;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Funnel;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.Pipeline;
import dev.winnow.pipeline.Planners;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.pipeline.Summaries;
import dev.winnow.pipeline.Summary;
import dev.winnow.review.AutoReviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.spec.Tier;
import dev.winnow.web.Report;
import dev.winnow.web.WebApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch whose first finals are blocked and one of whose drafts fails for good, read back four ways: the ledger's
 * funnel, the summary {@code winnow report --json} prints (the printer and {@link Summaries#of} that {@code winnow run
 * --json} ends with), the gallery's live state over HTTP, and the HTML report. All four must give the same drafted,
 * accepted, delivered and failed counts, and {@code winnow stats} the same accepted and decided.
 */
class FunnelAgreementTest {
  private static final PriceTable PRICES = PriceTable.builtIn();
  private static final String PROMPT = "a red barn in snow";

  @TempDir Path dir;

  @Test
  void galleryReportAndJsonSummaryCountFailedFinalsAsAccepted() throws Exception {
    Path db = dir.resolve("w.db");
    String batch;
    try (Ledger ledger = Ledger.open(db)) {
      Job job = JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput(PROMPT, null)), 4, null, null, null, null,
          "1K", null, null, null, 2, null, null, null, null, JobInput.Source.FLAGS));
      BatchOutcome o = run(ledger, new FinalsBlockedModel(), job);
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      batch = o.batchId();
    }

    InProcess cli = InProcess.run("report", batch, "--db", db.toString(), "--json");
    assertThat(cli.exit()).as(cli.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());

    try (Ledger ledger = Ledger.open(db);
        WebApp app = WebApp.start(WebApp.Settings.local(WebApp.newToken()), ledger, batch, null, null, PRICES)) {
      Funnel f = ledger.funnel(batch);
      // the batch has what this test is about: finals that failed after acceptance, and a draft that failed
      assertThat(f.finalFailed()).isGreaterThan(0);
      assertThat(f.draftFailed()).isEqualTo(1);
      assertThat(f.delivered()).isEqualTo(4);
      assertThat(f.accepted()).isEqualTo(f.delivered() + f.finalFailed());

      Summary s = Summaries.of(ledger, batch, PRICES);
      JsonNode live = new ObjectMapper().readTree(get(app, "/api/state"));
      Map<String, Integer> report = reportCounts(Report.html(ledger, batch, PRICES, Report.Images.LINKED));

      Map<String, Integer> want = Map.of("drafted", f.drafted(), "accepted", f.accepted(), "delivered", f.delivered(),
          "finalFailed", f.finalFailed(), "draftFailed", f.draftFailed());
      assertThat(counts(s.drafted(), s.accepted(), s.delivered(), s.finalFailed(), s.draftFailed())).as("Summaries.of").isEqualTo(want);
      assertThat(counts(json.get("drafted").asInt(), json.get("accepted").asInt(), json.get("delivered").asInt(),
          json.get("final_failed").asInt(), json.get("draft_failed").asInt())).as("--json " + json).isEqualTo(want);
      assertThat(counts(live.path("drafted").asInt(-1), live.path("accepted").asInt(-1), live.path("delivered").asInt(-1),
          live.path("finalFailed").asInt(-1), live.path("draftFailed").asInt(-1))).as("gallery /api/state " + live).isEqualTo(want);
      assertThat(report).as("report").isEqualTo(want);
      assertThat(json.get("acceptance").asDouble()).isEqualTo(Math.round(f.acceptance() * 10_000) / 10_000.0);

      // winnow stats: the same batch is the only one, so its per-prompt record is this funnel's
      InProcess statsRun = InProcess.run("stats", "--db", db.toString(), "--json");
      assertThat(statsRun.exit()).as(statsRun.err()).isZero();
      JsonNode prompt = new ObjectMapper().readTree(statsRun.out()).get("prompts").get(0);
      assertThat(prompt.get("accepted").asInt()).isEqualTo(f.accepted());
      assertThat(prompt.get("decided").asInt()).isEqualTo(f.decided());
    }
  }

  /** The funnel chart's numbers, and its row for the one prompt in the acceptance table. */
  private static Map<String, Integer> reportCounts(String html) {
    Map<String, Integer> bars = new HashMap<>();
    Map<String, String> asides = new HashMap<>();
    Matcher bar = Pattern.compile("class=\"lbl\">([a-z ]+)</text><rect[^>]*/><text[^>]*class=\"num\">(\\d+)</text><text[^>]*class=\"aside\">([^<]*)</text>").matcher(html);
    while (bar.find()) {
      bars.put(bar.group(1), Integer.parseInt(bar.group(2)));
      asides.put(bar.group(1), bar.group(3));
    }
    Matcher row = Pattern.compile("<tr><td>" + Pattern.quote(PROMPT) + "</td><td>(\\d+)</td><td>(\\d+)</td><td>(\\d+)</td><td>(\\d+)</td><td>(\\d+)</td>").matcher(html);
    assertThat(row.find()).as("the prompt's row in the acceptance table").isTrue();
    assertThat(Integer.parseInt(row.group(1))).as("table drafted").isEqualTo(bars.get("drafted"));
    assertThat(Integer.parseInt(row.group(4))).as("table accepted").isEqualTo(bars.get("accepted"));
    assertThat(Integer.parseInt(row.group(5))).as("table delivered").isEqualTo(bars.get("delivered"));
    return counts(bars.get("drafted"), bars.get("accepted"), bars.get("delivered"),
        number(asides.get("delivered"), "(\\d+) finals failed"), number(asides.get("drafted"), "(\\d+) failed after retries"));
  }

  private static int number(String text, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static Map<String, Integer> counts(int drafted, int accepted, int delivered, int finalFailed, int draftFailed) {
    return Map.of("drafted", drafted, "accepted", accepted, "delivered", delivered, "finalFailed", finalFailed, "draftFailed", draftFailed);
  }

  private static String get(WebApp app, String path) throws Exception {
    URI uri = URI.create(app.url().toString().replace("/?t=", path + "?t="));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return r.body();
  }

  private BatchOutcome run(Ledger ledger, ImageModel model, Job job) {
    Pipeline p = new Pipeline(new Pipeline.Services(ledger, model, new Screen(ScreenSettings.defaults()), new AutoReviewer(),
        Planners.forJob(job), PRICES, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), new Random(1)),
        dev.winnow.pipeline.Quota.unlimited(), ProgressListener.SILENT, Clock.systemUTC(), "test"));
    return p.run(job, dir.resolve("out"));
  }

  /** The local backend, except that finals of seeds 1 to 3 are blocked and the draft of seed 5 errors on every try. */
  private static final class FinalsBlockedModel implements ImageModel {
    private final LocalImageModel local = new LocalImageModel();

    @Override
    public String backend() {
      return local.backend();
    }

    @Override
    public boolean bills() {
      return local.bills();
    }

    @Override
    public CallOutcome generate(GenerationRequest request) {
      long seed = request.instructions().seed();
      if (request.tier() == Tier.FINAL && seed <= 3) return new CallOutcome.Blocked("IMAGE_SAFETY", "blocked", false);
      if (request.tier() == Tier.DRAFT && seed == 5) return new CallOutcome.Retryable(503, "overloaded", Optional.empty());
      return local.generate(request);
    }
  }
}
