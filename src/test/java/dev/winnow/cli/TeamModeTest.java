package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winnow.generate.gemini.WireServer;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.PostgresServer;
import dev.winnow.store.PngText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team mode as a studio runs it: one PostgreSQL ledger, a {@code winnow run --detach} that submits the batch, three
 * {@code winnow worker} processes that share it against the Gemini wire server, and one of them killed with SIGKILL
 * mid-run. The batch is delivered exactly, no call is paid twice, and the three together never go over the quota.
 */
class TeamModeTest {
  private static final String KEY = "AIzaSyTEST-team-mode-key-0123456789abcd";
  private static final int WANT = 60;
  private static final int RPM = 90;
  @TempDir Path dir;

  @Test
  void threeWorkersDeliverADetachedBatchExactlyUnderOneQuotaThoughOneIsKilled() throws Exception {
    assumeTrue(PostgresServer.binaries().isPresent(), "PostgreSQL is not installed (apt-get install -y postgresql-15)");
    String db = PostgresServer.shared().createDatabase();
    WireServer.Config config = new WireServer.Config("127.0.0.1", 0, RPM, 300, 1500, 0.05, 0.05, Optional.of(KEY), 11, true);
    try (WireServer server = WireServer.start(config)) {
      String api = "http://127.0.0.1:" + server.port();
      Process submit = start(db, 0, "run", "--detach", "--backend", "gemini", "--api-base", api, "--prompt", "a lighthouse at dusk",
          "--want", String.valueOf(WANT), "--size", "1K", "--out", "out", "--rpm", String.valueOf(RPM));
      assertThat(submit.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(submit.exitValue()).as(err(0)).isZero();
      String batch = Files.readString(dir.resolve(".out0")).strip();
      assertThat(err(0)).contains("submitted batch " + batch).doesNotContain(PostgresServer.PASSWORD);

      List<Process> workers = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        workers.add(start(db, i, "worker", "--exit-when-idle", "--poll", "0.3", "--backend", "gemini", "--api-base", api, "--rpm", String.valueOf(RPM)));
      }
      waitForDrafts(db, batch, 15);
      workers.get(0).destroyForcibly(); // SIGKILL: its calls in flight, leases and reservations stay behind
      workers.get(0).waitFor();
      for (int i = 1; i < 3; i++) {
        assertThat(workers.get(i).waitFor(300, TimeUnit.SECONDS)).as("worker %d finished", i + 1).isTrue();
        assertThat(workers.get(i).exitValue()).as(err(i + 1)).isZero();
      }

      try (Ledger ledger = Ledger.open(db)) {
        List<Candidate> candidates = ledger.candidates(batch);
        assertThat(candidates.stream().filter(c -> c.state() == CandidateState.DELIVERED)).hasSize(WANT);
        assertThat(ledger.batch(batch).orElseThrow().status().name()).isEqualTo("DONE");
        List<CallRecord> calls = ledger.calls(batch);
        Map<String, Long> images = calls.stream().filter(c -> c.outcome().equals("image"))
            .collect(Collectors.groupingBy(c -> c.candidateId() + "/" + c.purpose(), Collectors.counting()));
        assertThat(images.values()).as("no candidate's draft or final paid for twice").allMatch(n -> n == 1);
        assertThat(ledger.reservedMicros(batch)).isZero();
        assertThat(ledger.holdingWorkers()).isEmpty();
        Path root = dir.resolve("out").resolve(batch);
        assertThat(Files.readAllLines(root.resolve("manifest.jsonl")).stream().filter(l -> !l.isBlank())).hasSize(WANT);
        for (Candidate c : candidates) {
          if (c.state() != CandidateState.DELIVERED) continue;
          assertThat(PngText.read(Files.readAllBytes(root.resolve(c.finalFile()))).get("parameters")).startsWith("a lighthouse at dusk\nSeed: ");
        }
      }
      JsonNode stats = WireStats.of(server);
      System.out.println("team mode: wire server stats " + stats.get("models"));
      assertThat(stats.get("models").size()).isEqualTo(2);
      for (JsonNode model : stats.get("models")) {
        assertThat(model.get("duplicateImages").asInt()).as("images the server answered twice for one request").isZero();
        assertThat(model.get("maxAdmittedInRollingMinute").asInt()).isLessThanOrEqualTo(RPM);
        assertThat(model.get("rateLimited").asInt()).as("429s: the three workers together went over the quota").isZero();
      }
      for (int i = 0; i <= 3; i++) assertThat(Files.readString(dir.resolve(".err" + i)) + Files.readString(dir.resolve(".out" + i))).doesNotContain(KEY);
    }
  }

  private void waitForDrafts(String db, String batch, int n) throws InterruptedException {
    long until = System.currentTimeMillis() + 120_000;
    try (Ledger ledger = Ledger.open(db)) {
      while (System.currentTimeMillis() < until) {
        long drafted = ledger.calls(batch).stream().filter(c -> c.purpose().equals("draft") && c.outcome().equals("image")).count();
        if (drafted >= n) return;
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the workers drafted fewer than " + n + " in 2 minutes");
  }

  private String err(int n) throws IOException {
    return Files.readString(dir.resolve(".err" + n));
  }

  private Process start(String db, int n, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.winnow.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("GOOGLE_API_KEY");
    pb.environment().put("GEMINI_API_KEY", KEY);
    pb.environment().put("WINNOW_DB", db);
    pb.redirectOutput(dir.resolve(".out" + n).toFile()).redirectError(dir.resolve(".err" + n).toFile());
    return pb.start();
  }
}
