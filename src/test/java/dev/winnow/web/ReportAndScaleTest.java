package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.cli.Main;
import dev.winnow.job.Job;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.AutoReviewer;
import dev.winnow.review.HumanReviewer;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportAndScaleTest {
  @TempDir Path dir;

  @Test
  void reportHtmlIsOneSelfContainedFileWithEveryDraftItsFateTheFunnelAndTheSpendChart() throws Exception {
    String batchId;
    int candidates;
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      Job job = TestBatch.job("report test canyon", 3, null);
      TestBatch.start(ledger, job, dir.resolve("out"), new AutoReviewer(), ProgressListener.SILENT).get(60, TimeUnit.SECONDS);
      batchId = job.batchId();
      candidates = ledger.candidates(batchId).size();
    }
    Path file = dir.resolve("reports/report.html");
    int exit = Main.execute("report", batchId, "--db", dir.resolve("w.db").toString(), "--html", file.toString());
    assertThat(exit).isZero();
    String html = Files.readString(file);
    assertThat(count(html, "<figure class=\"tile")).isEqualTo(candidates);
    assertThat(count(html, "src=\"data:image/jpeg;base64,")).isGreaterThanOrEqualTo(3);
    assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("<script");
    assertThat(html).contains("aria-label=\"funnel\"").contains("aria-label=\"spend by stage against the all-standard baseline\"");
    assertThat(html).contains("Acceptance per prompt").contains("report test canyon").contains("delivered");
    // the plans it did not take, costed at what it measured, beside its own
    assertThat(html).containsPattern("<h2>Plans at the \\d+% acceptance measured</h2>").contains("all standard").contains("this batch's plan");
  }

  @Test
  void aThousandCandidateGalleryServesTheQueueAndOnePageOfLazyImagesQuickly() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      ledger.createBatch("big", "local", "{}", 1000, dir.toString());
      try (HumanReviewer person = new HumanReviewer(ledger, "big", new HumanReviewer.Settings(1000, Duration.ofSeconds(5)), Clock.systemUTC());
          WebApp app = WebApp.start(WebApp.Settings.local(WebApp.newToken()), ledger, "big", person, null, TestBatch.PRICES)) {
        for (int i = 0; i < 1000; i++) {
          Instructions in = new Instructions("a field of poppies", i, AspectRatio.parse("16:9").orElseThrow(), ImageSize.K1, ImageSize.K1, "d", "f");
          long id = ledger.plan("big", 0, i, in);
          ledger.transition(id, CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/c" + id + ".png", "image/png"));
          ledger.transition(id, CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, Change.none());
          if (i < 976) {
            ledger.recordReview(id, "reject", null, "human");
            ledger.transition(id, CandidateState.AWAITING_REVIEW, CandidateState.REJECTED, Change.none());
          } else {
            person.review(ledger.candidate(id), new byte[0]);
          }
        }
        String url = app.url().toString();
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()); // warm up
        long start = System.nanoTime();
        String page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String state = http.send(HttpRequest.newBuilder(URI.create(url.replace("/?t=", "/api/state?t="))).build(), HttpResponse.BodyHandlers.ofString()).body();
        long millis = (System.nanoTime() - start) / 1_000_000;
        // the 24 waiting, and the newest page of the 976 decided
        assertThat(count(page, "<article class=\"card")).isEqualTo(2 * GalleryPage.PAGE_SIZE);
        assertThat(count(page, "<img loading=\"lazy\"")).isEqualTo(2 * GalleryPage.PAGE_SIZE);
        assertThat(state).contains("\"waiting\":24").contains("\"pages\":" + GalleryPage.pages(976));
        String last = http.send(HttpRequest.newBuilder(URI.create(url.replace("/?t=", "/cards?page=41&t="))).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(count(last, "<article class=\"card")).isEqualTo(24 + 976 - 40 * GalleryPage.PAGE_SIZE);
        assertThat(millis).as("page and live state for 1,000 candidates, ms").isLessThan(3000);
      }
    }
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
