package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.Decision;
import dev.winnow.review.HumanReviewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/**
 * {@code --select best --review human}: a person sees the whole wave side by side in a real browser, chooses the
 * keepers, rates one, and the finals are rendered for exactly the chosen drafts.
 */
class BestViewBrowserTest {
  @TempDir Path dir;

  @Test
  void aPersonChoosesTheBestOfTheWaveSideBySideAndOnlyTheChosenGetFinals() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      Job job = JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput("harbour at blue hour", null)), 2, null, null, null, null,
          "1K", "human", null, null, 2, null, null, null, null, JobInput.Source.FLAGS).withSelection("best", 3.0));
      HumanReviewer person = new HumanReviewer(ledger, job.batchId(), new HumanReviewer.Settings(6, Duration.ofSeconds(1)), Clock.systemUTC());
      LiveStatus live = new LiveStatus(ProgressListener.SILENT);
      try (person;
          WebApp app = WebApp.start(WebApp.Settings.local(WebApp.newToken()), ledger, job.batchId(), person, live, TestBatch.PRICES);
          Browser browser = Browser.open(dir.resolve("profile"))) {
        CompletableFuture<BatchOutcome> run = TestBatch.start(ledger, job, dir.resolve("out"), person, live);
        browser.get(app.url("/best").toString());
        // The whole wave (6 drafts for 2 keepers), less what the screen refused, is shown before anyone chooses.
        browser.waitFor("the wave drafted and shown", d -> !text(browser, ".wave-facts").contains("on their way") && ids(browser).size() >= 3);
        assertThat(text(browser, ".wave-facts")).contains("choose 2 of").contains("wave of 6 drafts for 2 keepers");
        List<String> shown = ids(browser);
        String a = shown.get(shown.size() - 1), b = shown.get(0), c = shown.get(1);
        assertThat(js(browser, "return document.querySelector('.wave .keep').disabled")).isEqualTo(true);

        // Five stars on one; choose two, then a third click is refused with a reason; the rating is in the ledger.
        click(browser, "#c-" + a + " .star[data-star='5']");
        browser.waitFor("the rating recorded", d -> rating(ledger, job, a) == 5);
        browser.waitFor("the stars redrawn", d -> text(browser, "#c-" + a + " .stars").equals("★★★★★"));
        click(browser, "#c-" + a + " img");
        click(browser, "#c-" + b + " img");
        browser.waitFor("two chosen", d -> d.findElements(By.cssSelector(".card.chosen")).size() == 2);
        click(browser, "#c-" + c + " img");
        browser.waitFor("a third refused", d -> text(browser, "#status").contains("2 already chosen"));
        assertThat(js(browser, "return Array.from(document.querySelectorAll('.card.chosen')).map(e => e.dataset.id).sort().join(',')"))
            .isEqualTo(java.util.stream.Stream.of(a, b).sorted().collect(Collectors.joining(",")));
        assertThat(text(browser, ".wave .count")).isEqualTo("2 of 2 chosen");

        Path shot = Path.of(System.getProperty("winnow.screenshots", dir.toString())).resolve("pick-the-best.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES));

        click(browser, ".wave .keep");
        browser.waitFor("kept", d -> text(browser, "#status").startsWith("kept 2, passed over " + (shown.size() - 2)));
        BatchOutcome outcome = run.get(120, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(BatchStatus.DONE);

        List<Candidate> all = ledger.candidates(job.batchId());
        Set<String> delivered = all.stream().filter(x -> x.state() == CandidateState.DELIVERED).map(x -> String.valueOf(x.id())).collect(Collectors.toSet());
        assertThat(delivered).containsExactlyInAnyOrder(a, b);
        assertThat(all.stream().filter(x -> shown.contains(String.valueOf(x.id())) && !delivered.contains(String.valueOf(x.id()))))
            .allSatisfy(x -> assertThat(x.state()).isEqualTo(CandidateState.REJECTED));
        // The five-star choice ranks above the unrated one's 1.0? No: unrated counts as 1.0, five stars as 1.0 too.
        assertThat(all.stream().filter(x -> String.valueOf(x.id()).equals(a)).findFirst().orElseThrow().score()).isEqualTo(1.0);
        assertThat(ledger.calls(job.batchId()).stream().filter(x -> x.purpose().equals("final") && x.outcome().equals("image")).count()).isEqualTo(2);
        browser.waitFor("the view says the keepers are chosen", d -> text(browser, ".wave-facts").contains("all 2 keepers chosen"));
      }
    }
  }

  private static Object js(Browser browser, String script) {
    return ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(script);
  }

  /** Read in one script call: the page redraws its groups when drafts arrive, so a held element may go stale. */
  private static String text(Browser browser, String css) {
    Object t = js(browser, "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';".replace("arguments[0]", "'" + css.replace("'", "\\'") + "'"));
    return String.valueOf(t).strip();
  }

  private static List<String> ids(Browser browser) {
    Object o = js(browser, "return Array.from(document.querySelectorAll('.wave .card')).map(e => e.dataset.id).join(',')");
    String s = String.valueOf(o);
    return s.isEmpty() ? List.of() : List.of(s.split(","));
  }

  /** A real click, found afresh and tried again if a redraw replaced the element in between. */
  private static void click(Browser browser, String css) {
    browser.waitFor("clicked " + css, d -> {
      try {
        d.findElement(By.cssSelector(css)).click();
        return true;
      } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
        return false;
      }
    });
  }

  private static int rating(Ledger ledger, Job job, String id) {
    Decision d = Decision.fold(ledger.reviews(job.batchId())).get(Long.parseLong(id));
    return d == null || d.rating() == null ? 0 : d.rating();
  }
}
