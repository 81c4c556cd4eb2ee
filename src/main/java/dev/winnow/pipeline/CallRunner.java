package dev.winnow.pipeline;

import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Usd;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import dev.winnow.spec.ImageSize;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Makes one logical call: waits for the model's rate limit and a budget reservation, tries, and retries what is
 * worth retrying. Failed attempts are recorded in the ledger at once; the last attempt's record is handed back
 * unwritten, so the caller can put the image on disk first and then record the call together with the candidate's
 * new state in one transaction.
 */
final class CallRunner {
  /** Why a call stopped before it was made: the budget cap would have been crossed. */
  static final class BudgetExhausted extends Exception {
    BudgetExhausted() {
      super("budget cap reached", null, false, false);
    }
  }

  private final ImageModel model;
  private final Ledger ledger;
  private final PriceTable prices;
  private final RetryPolicy retry;
  private final Function<String, RateLimiter> limiterFactory;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final Spend spend;
  private final Clock clock;
  private final Sleeper sleeper;

  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  CallRunner(
      ImageModel model, Ledger ledger, PriceTable prices, RetryPolicy retry, Function<String, RateLimiter> limiterFactory,
      Spend spend, Clock clock, Sleeper sleeper) {
    this.model = model;
    this.ledger = ledger;
    this.prices = prices;
    this.retry = retry;
    this.limiterFactory = limiterFactory;
    this.spend = spend;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The list price of one call to {@code modelId} at {@code size}, 0 when the table has none. */
  long priceMicros(String modelId, ImageSize size) {
    return prices.price(modelId, size).map(Usd::micros).orElse(0L);
  }

  /** The last attempt's outcome and its ledger record, not yet written. */
  record Attempt(CallOutcome outcome, CallRecord record) {}

  Attempt call(String batchId, Long candidateId, String purpose, GenerationRequest request)
      throws InterruptedException, BudgetExhausted {
    return call(batchId, candidateId, purpose, request, Optional.empty());
  }

  /**
   * As {@link #call(String, Long, String, GenerationRequest)}, with the first attempt's price already reserved by the
   * dispatcher ({@code held}), so the reservation is taken at dispatch time, before the call is queued.
   */
  Attempt call(String batchId, Long candidateId, String purpose, GenerationRequest request, Optional<Spend.Hold> held)
      throws InterruptedException, BudgetExhausted {
    String modelId = request.model();
    ImageSize size = request.instructions().sizeFor(request.tier());
    long price = priceMicros(modelId, size);
    RateLimiter limiter = limiters.computeIfAbsent(modelId, limiterFactory);
    for (int attempt = 1; ; attempt++) {
      Optional<Spend.Hold> hold = attempt == 1 && held.isPresent() ? held : spend.reserve(price);
      if (hold.isEmpty()) throw new BudgetExhausted();
      try {
        limiter.acquire();
      } catch (InterruptedException e) {
        spend.settle(hold.get(), 0);
        throw e;
      }
      Instant started = clock.instant();
      long t0 = System.nanoTime();
      CallOutcome outcome;
      try {
        outcome = model.generate(request);
      } catch (RuntimeException e) {
        // A backend bug must not lose the call's record; treat it as a failure no retry will fix.
        outcome = new CallOutcome.Fatal(0, "backend error: " + e.getClass().getSimpleName());
      }
      long latencyMs = (System.nanoTime() - t0) / 1_000_000;
      long cost = outcome.billed() ? price : 0;
      spend.settle(hold.get(), cost);
      CallRecord record =
          new CallRecord(batchId, candidateId, request.tier().label(), purpose, modelId, size.label(), attempt,
              outcome.kind(), outcome.httpStatus() == 0 ? null : outcome.httpStatus(), price, cost,
              outcome instanceof CallOutcome.Image i ? i.imageTokens() : 0, latencyMs, started,
              outcome instanceof CallOutcome.Image ? null : outcome.describe());
      if (!(outcome instanceof CallOutcome.Retryable r)) return new Attempt(outcome, record);
      Optional<Duration> wait = retry.delayAfter(attempt, r);
      if (wait.isEmpty()) return new Attempt(outcome, record);
      ledger.recordCall(record);
      if (r.retryAfter().isPresent()) limiter.pause(wait.get());
      sleeper.sleep(wait.get());
    }
  }

  /** A record for a paid image found on disk whose call record a stop lost (the call surely happened: here it is). */
  CallRecord recovered(String batchId, long candidateId, String purpose, GenerationRequest request) {
    ImageSize size = request.instructions().sizeFor(request.tier());
    long price = priceMicros(request.model(), size);
    return new CallRecord(batchId, candidateId, request.tier().label(), purpose, request.model(), size.label(), 1, "image",
        200, price, price, 0, 0, clock.instant(), "recovered: image found on disk after a stop, its call record was lost");
  }
}
