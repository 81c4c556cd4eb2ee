package dev.winnow.pipeline;

import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Usd;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.Lane;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.ledger.Claims;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.ReviewBilling;
import dev.winnow.review.ReviewOverBudget;
import dev.winnow.spec.ImageSize;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one way a paid call is made (drafts, finals, rebuilds and the vision judge's calls): reserve its price under
 * the cap (a ledger row), wait for the model's quota, call, record, and retry what is worth retrying. Failed attempts are recorded at once; the last attempt's
 * record comes back unwritten with its reservation, so the caller puts the image on disk first and then writes the
 * record, settles the reservation and moves the candidate in one transaction.
 */
final class PaidCall {
  /** Why a call was not made: its reservation would have crossed the budget cap. */
  static final class BudgetExhausted extends Exception {
    BudgetExhausted() {
      super("budget cap reached", null, false, false);
    }
  }

  /** The last attempt's outcome, its record (not yet written) and the reservation it still holds. */
  record Attempt(CallOutcome outcome, CallRecord record, Long reservation) {}

  private final ImageModel model;
  private final Ledger ledger;
  private final PriceTable prices;
  private final RetryPolicy retry;
  private final Quota quota;
  private final Pacing pacing;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Worker worker;
  private Duration flexPatience = dev.winnow.job.JobValidator.DEFAULT_FLEX_PATIENCE;

  PaidCall(ImageModel model, Ledger ledger, PriceTable prices, RetryPolicy retry, Quota quota, Pacing pacing, Clock clock,
      Sleeper sleeper, Worker worker) {
    this.model = model;
    this.ledger = ledger;
    this.prices = prices;
    this.retry = retry;
    this.quota = quota;
    this.pacing = pacing;
    this.clock = clock;
    this.sleeper = sleeper;
    this.worker = worker;
  }

  /** The price of one call on {@code lane}, 0 when the table has none. */
  long priceMicros(GenerationRequest request, Lane lane) {
    if (prices == null) return 0;
    ImageSize size = request.instructions().sizeFor(request.tier());
    return prices.price(request.model(), size, lane).map(Usd::micros).orElse(0L);
  }

  /**
   * Thinking tokens a call may be billed for, reserved before it and settled on what was metered. The API does not
   * bound them; these are ceilings well above what a level spends on one image (Google's fixtures: 150-500 at medium).
   */
  static long thinkingCeilingTokens(java.util.Optional<String> level) {
    return switch (level.orElse("medium")) {
      case "minimal" -> 1_000;
      case "high" -> 16_000;
      default -> 4_000;
    };
  }

  /** What {@code tokens} of thinking cost on {@code model}: its text-output rate, 0 where the table has none. */
  long thinkingMicros(String model, long tokens) {
    if (prices == null || tokens <= 0) return 0;
    return prices.origin(model).text().map(r -> r.micros(0, tokens)).orElse(0L);
  }

  /**
   * What a reservation for this request holds: the most it can cost. A Flex call can fall back to the standard lane,
   * so it reserves the standard price and is billed the Flex price when Flex serves it.
   */
  Claims.Hold hold(String purpose, GenerationRequest request) {
    ImageSize size = request.instructions().sizeFor(request.tier());
    Lane worst = request.lane() == Lane.FLEX ? Lane.STANDARD : request.lane();
    long thinking = dev.winnow.generate.ModelCatalog.thinkingLevels(request.model()).isEmpty() ? 0
        : thinkingMicros(request.model(), thinkingCeilingTokens(request.thinking()));
    return new Claims.Hold(purpose, request.tier().label(), request.model(), size.label(), priceMicros(request, worst) + thinking);
  }

  /** How long a Flex call is retried before it falls back to the standard lane. */
  PaidCall withFlexPatience(Duration patience) {
    PaidCall p = new PaidCall(model, ledger, prices, retry, quota, pacing, clock, sleeper, worker);
    p.flexPatience = patience;
    return p;
  }

  /**
   * Makes the call. {@code reservation} is the one its claim took (null: reserve now). Throws {@link BudgetExhausted}
   * before any attempt whose price no longer fits; an interruption releases the reservation.
   */
  Attempt call(String batchId, Long candidateId, String purpose, GenerationRequest request, Long reservation)
      throws InterruptedException, BudgetExhausted {
    Claims.Hold hold = hold(purpose, request);
    Long held = reservation;
    if (held == null && hold.micros() > 0) {
      held = ledger.claims().reserve(batchId, candidateId, worker.id(), worker.leaseUntil(), hold).orElseThrow(BudgetExhausted::new);
    }
    try {
      return attempts(batchId, candidateId, purpose, request, hold, held);
    } catch (InterruptedException | RuntimeException e) {
      if (held != null) ledger.claims().release(held);
      throw e;
    }
  }

  private Attempt attempts(String batchId, Long candidateId, String purpose, GenerationRequest first, Claims.Hold hold, Long held)
      throws InterruptedException {
    GenerationRequest request = first;
    Instant flexSince = clock.instant();
    int laneAttempt = 0;
    for (int attempt = 1; ; attempt++) {
      laneAttempt++;
      quota.acquire(request.model());
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
      if (!(outcome instanceof CallOutcome.Retryable)) pacing.observe(request.model(), latencyMs);
      long price = priceMicros(request, request.lane());
      long thoughts = outcome instanceof CallOutcome.Image i ? i.thoughtTokens() : 0;
      long cost = outcome.billed() ? price + thinkingMicros(request.model(), thoughts) : 0;
      CallRecord record =
          new CallRecord(batchId, candidateId, hold.tier(), purpose, hold.model(), hold.size(), attempt,
              outcome.kind(), outcome.httpStatus() == 0 ? null : outcome.httpStatus(), price, cost,
              outcome instanceof CallOutcome.Image i ? i.imageTokens() : 0, latencyMs, started,
              outcome instanceof CallOutcome.Image ? null : outcome.describe(), request.lane().label());
      if (!(outcome instanceof CallOutcome.Retryable r)) return new Attempt(outcome, record, held);
      Optional<Duration> wait = retry.delayAfter(laneAttempt, r);
      if (request.lane() == Lane.FLEX
          && (wait.isEmpty() || Duration.between(flexSince, clock.instant()).plus(wait.get()).compareTo(flexPatience) > 0)) {
        // Flex is best effort: once it has dropped this call for longer than the patience allows, standard serves it.
        ledger.recordCall(record.withMessage(record.message() + "; falling back to the standard lane"));
        request = request.on(Lane.STANDARD);
        laneAttempt = 0;
        continue;
      }
      if (wait.isEmpty()) return new Attempt(outcome, record, held);
      // Not billed: the reservation stays for the next attempt.
      ledger.recordCall(record);
      if (r.retryAfter().isPresent()) quota.pause(request.model(), wait.get());
      sleeper.sleep(wait.get());
    }
  }

  /**
   * A paid call that is not an image (a vision judge): the same reserve, quota, record and retry, with the cost the
   * provider metered for each attempt. Every attempt is recorded here; a billed attempt settles its reservation and
   * the next one reserves again.
   */
  ReviewBilling.Attempt text(String batchId, long candidateId, String model, long maxMicros, Supplier<ReviewBilling.Attempt> call)
      throws InterruptedException {
    Claims.Hold hold = new Claims.Hold("review", "review", model, "-", maxMicros);
    Long held = null;
    try {
      for (int attempt = 1; ; attempt++) {
        if (held == null) {
          held = ledger.claims().reserve(batchId, candidateId, worker.id(), worker.leaseUntil(), hold)
              .orElseThrow(() -> new ReviewOverBudget("no room under the budget to judge candidate " + candidateId));
        }
        quota.acquire(model);
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        ReviewBilling.Attempt a;
        try {
          a = call.get();
        } catch (RuntimeException e) {
          a = new ReviewBilling.Attempt(new CallOutcome.Fatal(0, "backend error: " + e.getClass().getSimpleName()), 0, 0);
        }
        long latencyMs = (System.nanoTime() - t0) / 1_000_000;
        CallOutcome outcome = a.outcome();
        CallRecord record = new CallRecord(batchId, candidateId, "review", "review", model, "-", attempt, outcome.kind(),
            outcome.httpStatus() == 0 ? null : outcome.httpStatus(), a.costMicros(), a.costMicros(), a.tokens(), latencyMs, started,
            outcome instanceof CallOutcome.Text ? null : outcome.describe());
        Optional<Duration> wait = outcome instanceof CallOutcome.Retryable r ? retry.delayAfter(attempt, r) : Optional.empty();
        if (wait.isEmpty() || a.costMicros() > 0) {
          ledger.recordCall(record, held);
          held = null;
        } else {
          ledger.recordCall(record); // not billed: the reservation stays for the next attempt
        }
        if (wait.isEmpty()) return a;
        if (((CallOutcome.Retryable) outcome).retryAfter().isPresent()) quota.pause(model, wait.get());
        sleeper.sleep(wait.get());
      }
    } finally {
      if (held != null) ledger.claims().release(held);
    }
  }

  /** A record for a paid image found on disk whose call record a stop lost (the call surely happened: here it is). */
  CallRecord recovered(String batchId, long candidateId, String purpose, GenerationRequest request) {
    Claims.Hold hold = hold(purpose, request);
    return new CallRecord(batchId, candidateId, hold.tier(), purpose, hold.model(), hold.size(), 1, "image", 200, hold.micros(),
        hold.micros(), 0, 0, clock.instant(), "recovered: image found on disk after a stop, its call record was lost");
  }
}
