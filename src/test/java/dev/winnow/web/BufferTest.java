package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.job.Job;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.BatchOutcome;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.HumanReviewer;
import dev.winnow.review.Pick;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferTest {
  @TempDir Path dir;

  @Test
  void draftingWaitsForAPersonWhoHasNotDecidedYet() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      Job job = TestBatch.job("quiet orchard", 10, "human");
      try (HumanReviewer person = new HumanReviewer(ledger, job.batchId(), new HumanReviewer.Settings(4, Duration.ZERO), Clock.systemUTC())) {
        CompletableFuture<BatchOutcome> run = TestBatch.start(ledger, job, dir.resolve("out"), person, ProgressListener.SILENT);
        // However long the person takes, what is undecided (drafting, awaiting the screen or the person, spare) stays
        // within the buffer. Sampled while the first drafts land and after.
        int most = 0;
        long end = System.nanoTime() + 30_000_000_000L;
        while (awaiting(ledger.candidates(job.batchId())) < 4 && System.nanoTime() < end) {
          most = Math.max(most, unreviewed(ledger.candidates(job.batchId())));
          Thread.sleep(100);
        }
        assertThat(awaiting(ledger.candidates(job.batchId()))).as("survivors waiting for the person").isEqualTo(4);
        int drafted = ledger.candidates(job.batchId()).size();
        for (int i = 0; i < 15; i++) {
          most = Math.max(most, unreviewed(ledger.candidates(job.batchId())));
          Thread.sleep(100);
        }
        assertThat(most).isLessThanOrEqualTo(4);
        assertThat(ledger.candidates(job.batchId())).as("no drafting while the buffer is full").hasSize(drafted);
        assertThat(person.queue()).isNotEmpty();
        assertThat(run).isNotDone();
        // Now the person catches up: accepting everything offered finishes the batch.
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!run.isDone() && System.nanoTime() < deadline) {
          for (HumanReviewer.Waiting w : person.queue()) person.decide(w.candidate().id(), Pick.ACCEPT, null, null);
          Thread.sleep(50);
        }
        assertThat(run.get().status()).isEqualTo(BatchStatus.DONE);
      }
    }
  }

  private static int awaiting(List<Candidate> candidates) {
    // Offered to the person (IN_REVIEW) or queued behind them (AWAITING_REVIEW): passed the screen, not decided.
    return (int) candidates.stream().filter(c -> c.state() == CandidateState.AWAITING_REVIEW || c.state() == CandidateState.IN_REVIEW).count();
  }

  private static int unreviewed(List<Candidate> candidates) {
    return (int) candidates.stream().filter(c -> c.state() == CandidateState.PLANNED || c.state() == CandidateState.DRAFTED
        || c.state() == CandidateState.AWAITING_REVIEW || c.state() == CandidateState.IN_REVIEW).count();
  }
}
