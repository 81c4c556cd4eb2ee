package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.gemini.WireServer;
import dev.winnow.ledger.Claims;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.PostgresServer;
import dev.winnow.store.PngText;
import dev.winnow.store.S3ProxyServer;
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
 * Team mode as a studio runs it: one PostgreSQL ledger, one S3-compatible bucket (S3Proxy, real v4 auth), a {@code
 * winnow run --detach} that submits the batch, three {@code winnow worker} processes that share it against the Gemini
 * wire server, and one of them killed with SIGKILL mid-run. The batch is delivered exactly, into the bucket, no call is
 * paid twice, and the three together never go over the quota.
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
    int lost;
    List<Long> delivered;
    S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"));
    s3.createBucket("studio");
    WireServer.Config config = new WireServer.Config("127.0.0.1", 0, RPM, 300, 1500, 0.05, 0.05, Optional.of(KEY), 11, true);
    try (s3; WireServer server = WireServer.start(config)) {
      String api = "http://127.0.0.1:" + server.port();
      Process submit = start(db, s3, 0, "run", "--detach", "--backend", "gemini", "--api-base", api, "--prompt", "a lighthouse at dusk",
          "--want", String.valueOf(WANT), "--size", "1K", "--store", "s3://studio/team", "--rpm", String.valueOf(RPM));
      assertThat(submit.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(submit.exitValue()).as(err(0)).isZero();
      String batch = Files.readString(dir.resolve(".out0")).strip();
      assertThat(err(0)).contains("submitted batch " + batch).doesNotContain(PostgresServer.PASSWORD);

      List<Process> workers = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        workers.add(start(db, s3, i, "worker", "--exit-when-idle", "--poll", "0.3", "--backend", "gemini", "--api-base", api, "--rpm", String.valueOf(RPM)));
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
        delivered = candidates.stream().filter(c -> c.state() == CandidateState.DELIVERED).map(Candidate::id).toList();
        assertThat(delivered).hasSize(WANT);
        assertThat(ledger.batch(batch).orElseThrow().status().name()).isEqualTo("DONE");
        List<CallRecord> calls = ledger.calls(batch);
        Map<String, Long> images = calls.stream().filter(c -> c.outcome().equals("image"))
            .collect(Collectors.groupingBy(c -> c.candidateId() + "/" + c.purpose(), Collectors.counting()));
        assertThat(images.values()).as("no candidate's draft or final paid for twice").allMatch(n -> n == 1);
        assertThat(ledger.claims().reservedMicros(batch)).isZero();
        lost = (int) calls.stream().filter(c -> c.outcome().equals(Claims.LOST)).count();
        assertThat(ledger.workers().holdingWorkers()).isEmpty();
      }
      // The finals are in the bucket, each once with its provenance: export copies them out as a person would.
      Process export = start(db, s3, 4, "export", batch, "exported");
      assertThat(export.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(export.exitValue()).as(err(4)).isZero();
      List<Path> finals;
      try (var files = Files.list(dir.resolve("exported"))) {
        finals = files.filter(f -> f.toString().endsWith(".png")).toList();
      }
      assertThat(finals).hasSize(WANT);
      for (Path f : finals) assertThat(PngText.read(Files.readAllBytes(f)).get("parameters")).startsWith("a lighthouse at dusk\nSeed: ");
      List<Long> listed = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("exported").resolve("manifest.jsonl"))) {
        listed.add(new ObjectMapper().readTree(line).get("candidate").asLong());
      }
      assertThat(listed).as("manifest entries: each delivered final once, none lost to workers delivering at once")
          .containsExactlyInAnyOrderElementsOf(delivered);
      assertThat(dir.resolve("out")).doesNotExist();
      JsonNode stats = WireStats.of(server);
      System.out.println("team mode: wire server stats " + stats.get("models") + "; calls lost with the killed worker: " + lost);
      assertThat(stats.get("models").size()).isEqualTo(2);
      int duplicates = 0;
      for (JsonNode model : stats.get("models")) duplicates += model.get("duplicateImages").asInt();
      // Only the killed worker's calls in flight may be paid again: the ledger counts each as lost, at list price.
      assertThat(duplicates).as("images the server answered twice for one request").isLessThanOrEqualTo(lost);
      for (JsonNode model : stats.get("models")) {
        assertThat(model.get("maxAdmittedInRollingMinute").asInt()).isLessThanOrEqualTo(RPM);
        assertThat(model.get("rateLimited").asInt()).as("429s: the three workers together went over the quota").isZero();
      }
      for (int i = 0; i <= 4; i++) assertThat(Files.readString(dir.resolve(".err" + i)) + Files.readString(dir.resolve(".out" + i))).doesNotContain(KEY);
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

  private Process start(String db, S3ProxyServer s3, int n, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.winnow.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("GOOGLE_API_KEY");
    pb.environment().put("GEMINI_API_KEY", KEY);
    pb.environment().put("WINNOW_DB", db);
    pb.environment().putAll(s3.env());
    pb.redirectOutput(dir.resolve(".out" + n).toFile()).redirectError(dir.resolve(".err" + n).toFile());
    return pb.start();
  }
}
