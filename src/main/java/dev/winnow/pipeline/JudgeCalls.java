package dev.winnow.pipeline;

import dev.winnow.generate.RetryPolicy;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.ReviewBilling;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The one paid call for a judge outside a batch run (a tool, a test), with a worker of its own on the ledger: the
 * same reservations, shared quota, records and retries a batch run gives its judge.
 */
public final class JudgeCalls implements ReviewBilling, AutoCloseable {
  private final String batchId;
  private final Worker worker;
  private final PaidCall calls;

  private JudgeCalls(String batchId, Worker worker, PaidCall calls) {
    this.batchId = batchId;
    this.worker = worker;
    this.calls = calls;
  }

  public static JudgeCalls open(Ledger ledger, String batchId, RetryPolicy retry, Quota quota, Clock clock, Sleeper sleeper) {
    Worker worker = Worker.start(ledger, clock);
    Pacing pacing = new Pacing(quota, java.util.OptionalInt.empty(), Pacing.defaultMemoryBudget());
    return new JudgeCalls(batchId, worker, new PaidCall(null, ledger, null, retry, quota, pacing, clock, sleeper, worker));
  }

  @Override
  public Attempt call(long candidateId, String model, long maxMicros, Supplier<Attempt> attempt) throws InterruptedException {
    return calls.text(batchId, candidateId, model, maxMicros, attempt);
  }

  @Override
  public void close() {
    worker.close();
  }
}
