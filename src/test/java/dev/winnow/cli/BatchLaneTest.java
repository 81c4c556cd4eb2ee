package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.gemini.WireServer;
import dev.winnow.ledger.BatchJobs;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drafts on the Batch API lane, against the wire server's batch endpoints (jobs answered seconds after creation,
 * results out of order): delivered exactly, at the Batch price, and a kill -9 while a job waits loses nothing and
 * pays nothing twice: the next run polls the same job.
 */
class BatchLaneTest {
  private static final String KEY = "AIzaSyTEST-batch-lane-0123456789abcdefg";
  private static final String LITE = "gemini-3.1-flash-lite-image";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private List<String> args(WireServer server, int want) {
    return new ArrayList<>(List.of("run", "--backend", "gemini", "--api-base", "http://127.0.0.1:" + server.port(), "--draft-lane", "batch",
        "--batch-poll", "1", "--prompt", "a lighthouse at dusk", "--want", String.valueOf(want), "--size", "1K", "--json"));
  }

  @Test
  void draftsGoOutAsJobsAndComeBackAtTheBatchPrice() throws Exception {
    WireServer.Config config = new WireServer.Config("127.0.0.1", 0, 0, 10, 40, 0.1, 0.1, Optional.of(KEY), 5, true).withBatchTurnaround(1_500);
    try (WireServer server = WireServer.start(config)) {
      CliProcess.Result r = CliProcess.run(dir, Map.of("GEMINI_API_KEY", KEY), args(server, 4).toArray(String[]::new));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.err()).contains("sent as one Batch API job");
      JsonNode json = JSON.readTree(r.out());
      assertThat(json.get("delivered").asInt()).isEqualTo(4);
      String batch = json.get("batch").asText();
      JsonNode lite = WireStats.of(server).at("/models/" + LITE);
      try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
        List<CallRecord> drafts = ledger.calls(batch).stream().filter(c -> c.purpose().equals("draft")).toList();
        List<CallRecord> images = drafts.stream().filter(c -> c.outcome().equals("image")).toList();
        assertThat(images).isNotEmpty().allSatisfy(c -> {
          assertThat(c.lane()).isEqualTo("batch");
          assertThat(c.costMicros()).isEqualTo(16_800); // Lite's $0.0336, half off
        });
        // every image the server's jobs carried is in the ledger once; nothing was answered twice
        assertThat(lite.get("batchImages").asLong()).isEqualTo(images.size());
        assertThat(lite.get("duplicateImages").asLong()).isZero();
        assertThat(lite.get("admitted").asLong()).as("no draft went out as a single call").isZero();
        List<BatchJobs.Job> jobs = ledger.batchJobs().all(batch);
        // a wave still open when the batch had its keepers is cancelled, not left to be billed
        assertThat(jobs).hasSize((int) lite.get("batchJobs").asLong()).allSatisfy(j -> assertThat(j.state()).isIn("SUCCEEDED", "CANCELLED"));
        assertThat(ledger.claims().reservedMicros(batch)).isZero();
        // a 503 inside a job sends that draft back to the planner (a later wave takes it, if one is still needed), not to FAILED
        drafts.stream().filter(c -> c.outcome().equals("retryable")).forEach(failed ->
            assertThat(ledger.candidate(failed.candidateId()).state()).isNotEqualTo(dev.winnow.ledger.CandidateState.FAILED));
      }
    }
  }

  @Test
  void aKillWhileAJobWaitsLosesNothingAndTheNextRunPollsTheSameJob() throws Exception {
    WireServer.Config config = new WireServer.Config("127.0.0.1", 0, 0, 10, 40, 0, 0, Optional.of(KEY), 9, true).withBatchTurnaround(6_000);
    try (WireServer server = WireServer.start(config)) {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), "dev.winnow.cli.Main"));
      cmd.addAll(args(server, 3));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(".first").toFile());
      pb.environment().put("GEMINI_API_KEY", KEY);
      Process first = pb.start();
      // Wait until its job exists on the server and its name is in the ledger, then kill it while the job waits.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!named() && System.nanoTime() < deadline) Thread.sleep(100);
      assertThat(named()).as(Files.readString(dir.resolve(".first"))).isTrue();
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
      assertThat(WireStats.of(server).at("/models/" + LITE + "/batchJobs").asLong()).isEqualTo(1);

      CliProcess.Result again = CliProcess.run(dir, Map.of("GEMINI_API_KEY", KEY), args(server, 3).toArray(String[]::new));
      assertThat(again.exit()).as(again.err()).isZero();
      JsonNode json = JSON.readTree(again.out());
      assertThat(json.get("delivered").asInt()).isEqualTo(3);
      JsonNode models = WireStats.of(server).get("models");
      try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
        String batch = json.get("batch").asText();
        List<BatchJobs.Job> jobs = ledger.batchJobs().all(batch);
        // the job the killed run created was polled by the next one, not created again
        assertThat(jobs.get(0).polls()).isGreaterThan(0);
        assertThat(models.at("/" + LITE + "/batchJobs").asLong()).isEqualTo(jobs.size());
        assertThat(models.at("/" + LITE + "/duplicateImages").asLong()).isZero();
        // the ledger's spend is what the server billed: Batch drafts at half Lite's price, finals at the standard one
        // (and 2.1's thinking tokens at $7.50 per million: 162 a call at the default level, 1,215 micro-dollars each)
        long billed = models.at("/" + LITE + "/batchImages").asLong() * 16_800 + models.at("/gemini-nano-banana-2.1/images").asLong() * 33_600
            + models.at("/gemini-nano-banana-2.1/thoughtTokens").asLong() * 15 / 2;
        assertThat(ledger.spentMicros(batch)).isEqualTo(billed);
        assertThat(ledger.claims().reservedMicros(batch)).isZero();
      }
    }
  }

  private boolean named() {
    Path db = dir.resolve("winnow.db");
    if (!Files.exists(db)) return false;
    try (Ledger ledger = Ledger.open(db)) {
      return ledger.batches().stream().anyMatch(b -> ledger.batchJobs().all(b.id()).stream().anyMatch(j -> j.name().isPresent()));
    } catch (RuntimeException e) {
      return false; // the ledger is being created
    }
  }

  @Test
  void finalsOnTheBatchLaneAreRenderedByJobsFromTheirDraftsAndDelivered() throws Exception {
    WireServer.Config config = new WireServer.Config("127.0.0.1", 0, 0, 10, 40, 0, 0, Optional.of(KEY), 6, true).withBatchTurnaround(1_000);
    try (WireServer server = WireServer.start(config)) {
      List<String> args = args(server, 3);
      args.addAll(List.of("--final-lane", "batch"));
      CliProcess.Result r = CliProcess.run(dir, Map.of("GEMINI_API_KEY", KEY), args.toArray(String[]::new));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.err()).contains("final(s) sent as one Batch API job");
      JsonNode json = JSON.readTree(r.out());
      assertThat(json.get("delivered").asInt()).isEqualTo(3);
      JsonNode nb = WireStats.of(server).at("/models/gemini-nano-banana-2.1");
      assertThat(nb.get("admitted").asLong()).as("no final went out as a single call").isZero();
      assertThat(nb.get("batchJobs").asLong()).isGreaterThanOrEqualTo(1);
      try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
        List<CallRecord> finals = ledger.calls(json.get("batch").asText()).stream().filter(c -> c.purpose().equals("final") && c.outcome().equals("image")).toList();
        // half of $0.0336 for the image, and 162 thinking tokens at $7.50 per million
        assertThat(finals).hasSize(3).allSatisfy(c -> {
          assertThat(c.lane()).isEqualTo("batch");
          assertThat(c.costMicros()).isEqualTo(16_800 + 1_215);
        });
        assertThat(nb.get("batchImages").asLong()).isEqualTo(3);
        assertThat(ledger.claims().reservedMicros(json.get("batch").asText())).isZero();
      }
    }
  }

  @Test
  void offlineTheBatchLaneIsSimulatedAndSaysSo() throws Exception {
    CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "--prompt", "a lake at noon", "--want", "2", "--draft-lane", "batch", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("backend local").contains("lanes are simulated on the local backend");
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("delivered").asInt()).isEqualTo(2);
    try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
      assertThat(ledger.calls(json.get("batch").asText())).filteredOn(c -> c.purpose().equals("draft") && c.outcome().equals("image"))
          .isNotEmpty().allMatch(c -> c.lane().equals("batch") && c.costMicros() == 16_800);
    }
  }
}
