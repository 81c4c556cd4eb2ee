package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.winnow.job.Job;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.PostgresServer;
import dev.winnow.ledger.Review;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.HumanReviewer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;

/**
 * Two people review one batch on a PostgreSQL ledger, each in a headless Chromium of their own: each is offered
 * candidates the other is not, a pick on the other's candidate is refused, no candidate is decided twice, every pick
 * is in the ledger with its reviewer's name, and the pages are told of changes by the ledger (LISTEN/NOTIFY, then
 * server-sent events) rather than finding them by polling.
 */
class TwoReviewersTest {
  @TempDir Path dir;

  @Test
  void twoReviewersNeverDecideTheSameCandidateAndEveryPickCarriesItsReviewer() throws Exception {
    assumeTrue(PostgresServer.binaries().isPresent(), "PostgreSQL is not installed (apt-get install -y postgresql-15)");
    String db = PostgresServer.shared().createDatabase();
    try (Ledger ledger = Ledger.open(db)) {
      Job job = TestBatch.job("harbour at blue hour", 6, "human");
      HumanReviewer person = new HumanReviewer(ledger, job.batchId(), new HumanReviewer.Settings(6, Duration.ofMillis(500)), Clock.systemUTC());
      LiveStatus live = new LiveStatus(ProgressListener.SILENT);
      try (person;
          WebApp app = WebApp.start(WebApp.Settings.local(WebApp.newToken()), ledger, job.batchId(), person, live, TestBatch.PRICES);
          Browser ann = Browser.open(dir.resolve("ann"));
          Browser bob = Browser.open(dir.resolve("bob"))) {
        CompletableFuture<BatchOutcome> run = TestBatch.start(ledger, job, dir.resolve("out"), person, live);
        ann.get(app.url().toString());
        bob.get(app.url().toString());
        ann.press(Keys.TAB, "ann", Keys.TAB);
        bob.press(Keys.TAB, "bob", Keys.TAB);
        ann.waitFor("ann is offered candidates", d -> !ann.ids("review").isEmpty());
        bob.waitFor("bob is offered candidates", d -> !bob.ids("review").isEmpty());
        List<String> annHas = ann.ids("review");
        assertThat(bob.ids("review")).doesNotContainAnyElementsOf(annHas);

        // Bob's page asks for one of Ann's candidates behind the gallery's back: refused, as it is hers.
        assertThat(decideFrom(bob, annHas.get(0))).isEqualTo(409);

        int picks = 0;
        boolean acceptNext = true;
        while (!run.isDone() && picks < 40) {
          for (Browser b : List.of(ann, bob)) {
            String focused = b.focusedId();
            if (focused != null && "review".equals(b.status(focused))) {
              b.press(acceptNext ? "a" : "x");
              acceptNext = !acceptNext;
              picks++;
              b.waitFor("pick saved", d -> !"review".equals(b.status(focused)));
            }
            Set<String> both = new HashSet<>(ann.ids("review"));
            both.retainAll(bob.ids("review"));
            assertThat(both).as("candidates offered to both reviewers at once").isEmpty();
          }
          Thread.sleep(100);
        }
        BatchOutcome outcome = run.get(90, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(BatchStatus.DONE);

        List<Review> log = ledger.reviews(job.batchId());
        Map<Long, Set<String>> deciders = log.stream().filter(r -> !r.verdict().equals("rate"))
            .collect(Collectors.groupingBy(Review::candidateId, Collectors.mapping(Review::reviewer, Collectors.toSet())));
        assertThat(deciders.values()).as("a candidate picked by two reviewers").allMatch(who -> who.size() == 1);
        assertThat(log).extracting(Review::reviewer).allMatch(r -> r.equals("human:ann") || r.equals("human:bob"));
        assertThat(log).extracting(Review::reviewer).contains("human:ann", "human:bob");
        assertThat(log.stream().filter(r -> r.verdict().equals("accept")).map(Review::candidateId).distinct().count()).isEqualTo(6);
      }
    }
  }

  @Test
  void aChangeMadeByAnotherProcessIsPushedToOpenPages() throws Exception {
    assumeTrue(PostgresServer.binaries().isPresent(), "PostgreSQL is not installed (apt-get install -y postgresql-15)");
    String db = PostgresServer.shared().createDatabase();
    String token = WebApp.newToken();
    try (Ledger ledger = Ledger.open(db); Ledger elsewhere = Ledger.open(db)) {
      ledger.createBatch("b1", "local", "{}", 1, "out");
      long id = ledger.plan("b1", 0, 0, new dev.winnow.spec.Instructions("a lake", 1, new dev.winnow.spec.AspectRatio(1, 1),
          dev.winnow.spec.ImageSize.K1, dev.winnow.spec.ImageSize.K1, "d", "f"));
      try (WebApp app = WebApp.start(WebApp.Settings.local(token), ledger, "b1", null, null, TestBatch.PRICES)) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/events")).header("X-Winnow-Token", token)
            .header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> events = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.statusCode()).isEqualTo(200);
        // Lines are read on a thread of their own, so a wait that fails cannot hang on a read that never returns.
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
          try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) lines.add(l);
          } catch (java.io.IOException closed) {
            // the test is over
          }
        });
        reader.setDaemon(true);
        reader.start();
        try {
          assertThat(next(lines, "data: push")).as("the server says it pushes").isTrue();
          // Another process (its own pool) records a pick: the page is told without asking.
          elsewhere.recordReview(id, "accept", null, "human:zoe");
          assertThat(next(lines, "event: change")).as("a change event after another process's pick").isTrue();
        } finally {
          events.body().close();
        }
      }
    }
  }

  /** Whether {@code wanted} arrives within 10 s. */
  private static boolean next(java.util.concurrent.BlockingQueue<String> lines, String wanted) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (String l; (l = lines.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
      if (l.equals(wanted)) return true;
    }
    return false;
  }

  /** What the server answers a pick sent from {@code from}'s page (its token, its session) for {@code id}. */
  private static int decideFrom(Browser from, String id) {
    Object status = ((JavascriptExecutor) from.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/decide', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json',"
            + " 'X-Winnow-Token': document.querySelector('meta[name=\"winnow-token\"]').content},"
            + " body: JSON.stringify({id: Number(arguments[0]), pick: 'accept', reviewer: 'bob', session: sessionStorage.getItem('winnow-session')})})"
            + ".then(r => done(r.status)).catch(e => done(-1));", id);
    return ((Number) status).intValue();
  }
}
