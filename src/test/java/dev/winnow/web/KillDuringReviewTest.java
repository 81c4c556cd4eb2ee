package dev.winnow.web;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.ledger.Batch;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Review;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * winnow as a user runs it: {@code run --review human} in its own JVM, picks made in a real browser, then the process
 * is killed (SIGKILL) while the picks are still inside the undo window. No pick may be lost: all are in the ledger,
 * and {@code winnow review BATCH} applies them without asking again.
 */
class KillDuringReviewTest {
  private static final String SECRET_KEY = "AIzaSy-test-key-never-shown-0123456789";
  private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/\\?t=[A-Za-z0-9_-]+)");

  @TempDir Path dir;

  @Test
  void killingTheServerMidReviewLosesNoDecisionAndTheNextReviewAppliesThem() throws Exception {
    Process run = winnow("run", "--prompt", "lighthouse in a gale", "--want", "3", "--size", "1K", "--review", "human",
        "--undo-window", "120", "--backend", "local", "--db", TestLedgers.target(dir.resolve("w.db")), "--out", "out");
    List<String> picked = new ArrayList<>();
    try (Browser browser = Browser.open(dir.resolve("profile"))) {
      String url = urlFrom(run);
      browser.get(url);
      browser.waitFor("three candidates waiting", d -> browser.ids("review").size() == 3);
      picked.addAll(browser.ids("review"));
      browser.press("p");
      browser.waitFor("first accepted", d -> "pending".equals(browser.status(picked.get(0))));
      browser.press("4", "x");
      browser.waitFor("second rejected", d -> "pending".equals(browser.status(picked.get(1))));
      browser.press("a");
      browser.waitFor("third accepted", d -> "pending".equals(browser.status(picked.get(2))));

      // The API key is in the environment of this run; no page may show it.
      assertThat(browser.driver.getPageSource()).doesNotContain(SECRET_KEY);
      for (String path : List.of("/", "/api/state", "/report", "/cards")) assertThat(fetch(url, path)).as(path).doesNotContain(SECRET_KEY);
    } finally {
      run.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      run.waitFor(20, TimeUnit.SECONDS);
    }

    String batchId;
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      batchId = ledger.batches().get(0).id();
      List<String> log = ledger.reviews(batchId).stream().map(r -> r.candidateId() + ":" + r.verdict() + ":" + r.rating()).toList();
      assertThat(log).containsExactly(
          picked.get(0) + ":accept:null", picked.get(1) + ":rate:4", picked.get(1) + ":reject:4", picked.get(2) + ":accept:null");
      // Killed inside the undo window: recorded, not yet applied (still offered to the person, IN_REVIEW, its lease left behind).
      for (String id : picked) assertThat(ledger.candidate(Long.parseLong(id)).state()).isEqualTo(CandidateState.IN_REVIEW);
    }

    Process review = winnow("review", batchId.substring(0, 12), "--db", TestLedgers.target(dir.resolve("w.db")), "--undo-window", "0");
    try {
      urlFrom(review);
      try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
        waitUntil("the recorded picks applied", () -> {
          Set<CandidateState> accepted = Set.of(CandidateState.ACCEPTED, CandidateState.RENDERED, CandidateState.DELIVERED);
          return accepted.contains(state(ledger, picked.get(0))) && state(ledger, picked.get(1)) == CandidateState.REJECTED
              && accepted.contains(state(ledger, picked.get(2)));
        });
        List<Review> log = ledger.reviews(batchId);
        assertThat(log).as("applied without being recorded again").hasSize(4);
        Batch b = ledger.batch(batchId).orElseThrow();
        assertThat(b.backend()).isEqualTo("local");
      }
    } finally {
      review.destroyForcibly();
      review.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private Process winnow(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.winnow.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("GOOGLE_API_KEY");
    pb.environment().remove("WINNOW_API_BASE");
    pb.environment().putAll(Map.of("GEMINI_API_KEY", SECRET_KEY));
    pb.redirectOutput(dir.resolve(args[0] + ".out").toFile());
    return pb.start();
  }

  /** Reads the process's stderr until it prints the gallery's address; keeps draining it afterwards. */
  private static String urlFrom(Process p) throws Exception {
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long end = System.nanoTime() + 60_000_000_000L;
    String line;
    while (System.nanoTime() < end && (line = err.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = URL.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> err.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new AssertionError("winnow printed no gallery address:\n" + seen);
  }

  private static String fetch(String url, String path) throws Exception {
    String base = url.substring(0, url.indexOf("/?t="));
    String token = url.substring(url.indexOf("t=") + 2);
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + path + "?t=" + token)).build();
    return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static CandidateState state(Ledger ledger, String id) {
    return ledger.candidate(Long.parseLong(id)).state();
  }

  private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("not within 60 s: " + what);
      Thread.sleep(100);
    }
  }

}
