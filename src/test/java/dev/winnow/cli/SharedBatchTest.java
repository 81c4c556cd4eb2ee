package dev.winnow.cli;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one ledger share one batch: `winnow run` of the same job joins it, `winnow worker` serves it,
 * nothing is paid twice, and a killed process's work is taken back by the others.
 */
class SharedBatchTest {
  private static final int WANT = 9;
  @TempDir Path dir;

  @Test
  void threeRunsOfOneJobDeliverExactlyWantOnceBetweenThem() throws Exception {
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(start(i, "run", "--prompt", "harbour at blue hour", "--want", String.valueOf(WANT), "--size", "512", "--final-model", "nano-banana-2", "--out", "out"));
      Thread.sleep(300);
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(runs.get(i).exitValue()).as(Files.readString(dir.resolve(".err" + i))).isZero();
    }
    Map<String, Long> paid = checkDeliveredOnce();
    // every process did some of the work: the batch was shared, not run three times or by one alone
    try (Ledger ledger = TestLedgers.open(dir.resolve("winnow.db"))) {
      assertThat(ledger.workers().holdingWorkers()).isEmpty();
    }
    assertThat(paid).isNotEmpty();
  }

  @Test
  void aRunThatIsDoneExitsWithoutWaitingOutTheStopGrace() throws Exception {
    // The stop hook waits for the working thread; a run that ended on its own must not wait for itself.
    Process run = start(0, "run", "--prompt", "a paper boat", "--want", "2", "--size", "512", "--final-model", "nano-banana-2", "--out", "out");
    long graceSeconds = Graceful.GRACE.toSeconds();
    assertThat(run.waitFor(graceSeconds * 2 / 3, TimeUnit.SECONDS)).as("exited before the %d s grace", graceSeconds).isTrue();
    assertThat(run.exitValue()).as(Files.readString(dir.resolve(".err0"))).isZero();
  }

  @Test
  void aKilledWorkersWorkIsFinishedByTheOthersWithoutPayingTwice() throws Exception {
    // One run starts the batch (and works on it); two workers join; one worker is killed with SIGKILL mid-run.
    Process run = start(0, "run", "--prompt", "misty mountains at dawn", "--want", String.valueOf(WANT), "--size", "512", "--final-model", "nano-banana-2", "--out", "out");
    Thread.sleep(1500);
    Process doomed = start(1, "worker", "--exit-when-idle", "--poll", "0.2");
    Process other = start(2, "worker", "--exit-when-idle", "--poll", "0.2");
    Thread.sleep(2500);
    doomed.destroyForcibly(); // SIGKILL: no hooks, its leases and reservations stay behind
    doomed.waitFor();
    assertThat(run.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(Files.readString(dir.resolve(".err0"))).isZero();
    assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(other.exitValue()).as(Files.readString(dir.resolve(".err2"))).isZero();
    checkDeliveredOnce();
    try (Ledger ledger = TestLedgers.open(dir.resolve("winnow.db"))) {
      String batch = ledger.batches().get(0).id();
      // The killed worker's calls in flight were counted at list price, never as images: nothing it held was lost.
      assertThat(ledger.claims().reservedMicros(batch)).isZero();
      assertThat(ledger.candidates(batch)).noneMatch(c -> c.state() == CandidateState.PLANNED && c.draftFile() != null);
    }
  }

  /** Exactly WANT delivered, listed once each in the manifest, and no candidate's draft or final paid for twice. */
  private Map<String, Long> checkDeliveredOnce() throws IOException {
    try (Ledger ledger = TestLedgers.open(dir.resolve("winnow.db"))) {
      assertThat(ledger.batches()).hasSize(1);
      String batch = ledger.batches().get(0).id();
      List<Candidate> candidates = ledger.candidates(batch);
      assertThat(candidates.stream().filter(c -> c.state() == CandidateState.DELIVERED)).hasSize(WANT);
      Path root = dir.resolve("out").resolve(batch);
      List<String> manifest = Files.readAllLines(root.resolve("manifest.jsonl")).stream().filter(l -> !l.isBlank()).toList();
      assertThat(manifest).hasSize(WANT);
      List<CallRecord> calls = ledger.calls(batch);
      Map<String, Long> paid = calls.stream().filter(c -> c.outcome().equals("image"))
          .collect(Collectors.groupingBy(c -> c.candidateId() + "/" + c.purpose(), Collectors.counting()));
      assertThat(paid.values()).allMatch(n -> n == 1);
      for (Candidate c : candidates) if (c.draftFile() != null) assertThat(root.resolve(c.draftFile())).exists();
      return paid;
    }
  }

  private Process start(int n, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.winnow.cli.Main"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--backend", "local"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("GEMINI_API_KEY");
    pb.environment().remove("GOOGLE_API_KEY");
    pb.environment().put("WINNOW_DB", TestLedgers.target(dir.resolve("winnow.db")));
    pb.redirectOutput(dir.resolve(".out" + n).toFile()).redirectError(dir.resolve(".err" + n).toFile());
    return pb.start();
  }
}
