package dev.winnow.cli;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.store.PngText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM runs a batch and is killed with SIGKILL at random moments, then the same command is run again, until
 * the batch completes. Nothing paid for may be lost, and nothing may be paid twice except calls in flight at a kill.
 */
class KillResumeTest {
  private static final int WANT = 6;
  private static final int CONCURRENCY = 3;

  @TempDir Path dir;

  @Test
  void survivesRandomKillsWithoutLosingOrDoublePayingImages() throws Exception {
    Random random = new Random(20261125);
    int kills = 0;
    int runs = 0;
    boolean done = false;
    while (!done && runs < 40) {
      runs++;
      Process p = start();
      // Kill somewhere between JVM start-up and well into the batch; later runs get longer so the batch finishes.
      long delay = 300 + random.nextInt(1200) + runs * 150L;
      if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        p.waitFor();
        kills++;
      } else {
        assertThat(p.exitValue()).as(Files.readString(dir.resolve(".stderr"))).isZero();
        done = true;
      }
    }
    if (!done) {
      Process last = start();
      assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(last.exitValue()).isZero();
    }
    assertThat(kills).as("the test must actually kill something").isGreaterThanOrEqualTo(3);

    try (Ledger ledger = TestLedgers.open(dir.resolve("winnow.db"))) {
      String batch = ledger.batches().get(0).id();
      Path root = dir.resolve("out").resolve(batch);
      List<Candidate> candidates = ledger.candidates(batch);
      List<CallRecord> calls = ledger.calls(batch);

      // exactly WANT delivered, each file on disk, decodable, with provenance, listed once in the manifest
      List<Candidate> delivered = candidates.stream().filter(c -> c.state() == CandidateState.DELIVERED).toList();
      assertThat(delivered).hasSize(WANT);
      for (Candidate c : delivered) {
        Path f = root.resolve(c.finalFile());
        assertThat(ImageIO.read(f.toFile())).as(f.toString()).isNotNull();
        assertThat(PngText.read(Files.readAllBytes(f)).get("parameters")).contains("Seed: " + c.instructions().seed());
      }
      List<String> manifest = Files.readAllLines(root.resolve("manifest.jsonl")).stream().filter(l -> !l.isBlank()).toList();
      assertThat(manifest).hasSize(WANT);

      // every recorded image is on disk: nothing paid for was lost
      for (Candidate c : candidates) {
        if (c.draftFile() != null) assertThat(root.resolve(c.draftFile())).exists();
        if (c.renderFile() != null) assertThat(root.resolve(c.renderFile())).exists();
      }
      // each candidate's draft and final were paid for at most once
      Map<String, Long> paid = calls.stream().filter(c -> c.outcome().equals("image"))
          .collect(Collectors.groupingBy(c -> c.candidateId() + "/" + c.purpose(), Collectors.counting()));
      assertThat(paid.values()).allMatch(n -> n == 1);
      // drafts made but not recorded are the only repeats: at most the calls in flight at each kill
      Set<Long> seeds = new HashSet<>();
      for (Candidate c : candidates) assertThat(seeds.add(c.instructions().seed())).as("one candidate per seed").isTrue();
      long unrecordedDraftFiles;
      try (var files = Files.list(root.resolve("drafts"))) {
        unrecordedDraftFiles = files.filter(f -> !f.getFileName().toString().startsWith(".")).count()
            - candidates.stream().filter(c -> c.draftFile() != null).count();
      }
      assertThat(unrecordedDraftFiles).isZero();
      System.out.printf("kill test: %d runs, %d kills, %d candidates, %d calls, %d delivered, lost 0%n",
          runs, kills, candidates.size(), calls.size(), delivered.size());
    }
  }

  private Process start() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.winnow.cli.Main", "run",
        "--prompt", "misty mountains at dawn", "--want", String.valueOf(WANT), "--concurrency", String.valueOf(CONCURRENCY),
        "--out", "out", "--backend", "local"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("GEMINI_API_KEY");
    pb.environment().remove("GOOGLE_API_KEY");
    pb.environment().put("WINNOW_DB", TestLedgers.target(dir.resolve("winnow.db")));
    pb.redirectOutput(dir.resolve(".stdout").toFile()).redirectError(dir.resolve(".stderr").toFile());
    return pb.start();
  }
}
