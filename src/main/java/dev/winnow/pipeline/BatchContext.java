package dev.winnow.pipeline;

import dev.winnow.job.Job;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import dev.winnow.spec.ImageSize;
import dev.winnow.store.ImageStore;

/**
 * What every stage of one batch in this process shares: the job, the ledger, the store, this worker, the paid
 * call and its pacing, and the signal that wakes the stages. It holds no state of the batch: that is the ledger's.
 */
record BatchContext(
    Job job, String batchId, Ledger ledger, ImageStore store, Worker worker, PaidCall calls, Pacing pacing, Signal signal,
    ProgressListener progress, Provenance provenance) {

  /** Whether the batch still has work: no stage claims anything once another process (or this one) ended it. */
  boolean open() {
    return ledger.batch(batchId).map(Batch::status).orElse(BatchStatus.FAILED) == BatchStatus.RUNNING;
  }

  /** Ends the batch as failed (a bad key, an unknown model, a bug): every process sees it and stops claiming. */
  void fail(String message) {
    if (ledger.finishRunning(batchId, BatchStatus.FAILED, message)) progress.notice("stopping: " + message);
    signal.poke();
  }

  byte[] readDraft(Candidate c) {
    if (c.draftFile() == null) return new byte[0];
    return store.get(c.draftFile()).orElse(new byte[0]);
  }

  /**
   * The memory one call in flight at {@code size} may hold: the image, its base64 in the response and its decoded
   * copy, about four bytes a pixel each.
   */
  static long bytesInFlight(ImageSize size) {
    long side = size.base();
    return side * side * 4 * 3;
  }
}
