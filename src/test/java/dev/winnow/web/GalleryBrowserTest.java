package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.job.Job;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.HumanReviewer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** A person reviews a running batch in a real browser with the keyboard alone; the ledger must hold every pick. */
class GalleryBrowserTest {
  @TempDir Path dir;

  @Test
  void reviewsABatchByKeyboardWithUndoAndAReloadAndTheLedgerHoldsEveryDecision() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      Job job = TestBatch.job("harbour at blue hour", 3, "human");
      // Long enough that Z lands inside the window on a slow, busy machine, short enough to keep the test quick.
      HumanReviewer person = new HumanReviewer(ledger, job.batchId(), new HumanReviewer.Settings(6, Duration.ofSeconds(8)), Clock.systemUTC());
      LiveStatus live = new LiveStatus(ProgressListener.SILENT);
      try (person;
          WebApp app = WebApp.start(WebApp.Settings.local(WebApp.newToken()), ledger, job.batchId(), person, live, TestBatch.PRICES);
          Browser browser = Browser.open(dir.resolve("profile"))) {
        CompletableFuture<BatchOutcome> run = TestBatch.start(ledger, job, dir.resolve("out"), person, live);
        browser.get(app.url().toString());
        browser.waitFor("three candidates waiting", d -> browser.ids("review").size() == 3);
        List<String> ids = browser.ids("review");
        String a = ids.get(0), b = ids.get(1), c = ids.get(2);
        assertThat(browser.focusedId()).isEqualTo(a);

        // Name the reviewer from the keyboard: Tab reaches the name field first, Tab again leaves it.
        browser.press(Keys.TAB, "tess", Keys.TAB);
        browser.press(Keys.ARROW_RIGHT);
        assertThat(browser.focusedId()).isEqualTo(b);
        browser.press(Keys.ARROW_LEFT);
        assertThat(browser.focusedId()).isEqualTo(a);

        browser.press("3", "p");
        browser.waitFor("a accepted", d -> "pending".equals(browser.status(a)));
        assertThat(browser.focusedId()).isEqualTo(b);
        browser.press("x");
        browser.waitFor("b rejected", d -> "pending".equals(browser.status(b)));
        browser.press("z");
        browser.waitFor("b waiting again", d -> "review".equals(browser.status(b)) && b.equals(browser.focusedId()));

        browser.driver.navigate().refresh();
        browser.waitFor("gallery back after reload", d -> !browser.ids("review").isEmpty());
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("t=");
        assertThat(browser.focusedId()).isEqualTo(b);
        browser.press("a");
        browser.waitFor("b accepted", d -> "pending".equals(browser.status(b)) && c.equals(browser.focusedId()));
        browser.press("x");
        browser.waitFor("c rejected", d -> "pending".equals(browser.status(c)));

        // c's rejection reaches the pipeline after the window; it then offers the next survivor.
        String next = browser.waitFor("a fourth candidate", d -> browser.ids("review").stream()
            .filter(id -> !List.of(a, b, c).contains(id)).findFirst().orElse(null));
        browser.waitFor("focus follows the new arrival", d -> next.equals(browser.focusedId()));
        browser.press("p");

        BatchOutcome outcome = run.get(90, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(BatchStatus.DONE);

        browser.waitFor("draft and final side by side", d -> d.findElements(By.cssSelector("#c-" + a + " .pics img")).size() == 2);
        browser.waitFor("the final's picture", d -> d.findElements(By.cssSelector("#c-" + a + " img[src*='/img/" + a + "/final']")).size() == 1);
        browser.waitFor("live progress", d -> d.findElement(By.id("p-text")).getText().startsWith("3 of 3 accepted"));

        List<String> log = ledger.reviews(job.batchId()).stream().map(r -> r.candidateId() + ":" + r.verdict() + ":" + r.rating() + ":" + r.reviewer()).toList();
        assertThat(log).containsExactly(
            a + ":rate:3:human:tess", a + ":accept:3:human:tess",
            b + ":reject:null:human:tess", b + ":undo:null:human:tess", b + ":accept:null:human:tess",
            c + ":reject:null:human:tess",
            next + ":accept:null:human:tess");
        assertThat(state(ledger, a)).isEqualTo(CandidateState.DELIVERED);
        assertThat(state(ledger, b)).isEqualTo(CandidateState.DELIVERED);
        assertThat(state(ledger, c)).isEqualTo(CandidateState.REJECTED);
        assertThat(state(ledger, next)).isEqualTo(CandidateState.DELIVERED);
        assertThat(ledger.reviews(job.batchId())).allSatisfy(r -> assertThat(r.at()).isNotNull());
      }
    }
  }

  private static CandidateState state(Ledger ledger, String id) {
    return ledger.candidate(Long.parseLong(id)).state();
  }
}
