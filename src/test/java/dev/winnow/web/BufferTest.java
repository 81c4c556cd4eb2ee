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
        Thread.sleep(3000);
        int first = unreviewed(ledger.candidates(job.batchId()));
        Thread.sleep(2000);
        List<Candidate> later = ledger.candidates(job.batchId());
        // Survivors waiting for the person, plus drafts in flight, never pass the buffer, however long the person takes.
        assertThat(first).isLessThanOrEqualTo(4);
        assertThat(unreviewed(later)).isEqualTo(first);
        assertThat(person.queue()).isNotEmpty();
        assertThat(run).isNotDone();
        // Now the person catches up: accepting everything offered finishes the batch.
        long end = System.nanoTime() + 90_000_000_000L;
        while (!run.isDone() && System.nanoTime() < end) {
          for (HumanReviewer.Waiting w : person.queue()) person.decide(w.candidate().id(), Pick.ACCEPT, null, null);
          Thread.sleep(50);
        }
        assertThat(run.get().status()).isEqualTo(BatchStatus.DONE);
      }
    }
  }

  private static int unreviewed(List<Candidate> candidates) {
    return (int) candidates.stream().filter(c -> c.state() == CandidateState.PLANNED || c.state() == CandidateState.DRAFTED
        || c.state() == CandidateState.AWAITING_REVIEW).count();
  }
}
