package dev.winnow.ledger;

import java.time.Instant;

/**
 * One attempt at a paid call, as recorded. {@code priceMicros} is the list price of the call,
 * {@code costMicros} what it cost (0 when the outcome is not billed). Money in micro-dollars.
 *
 * @param purpose why it was made: draft, final, review, rebuild
 * @param outcome image, blocked, retryable, fatal, lost
 * @param lane the lane that served it: standard, flex, batch
 */
public record CallRecord(
    String batchId,
    Long candidateId,
    String tier,
    String purpose,
    String model,
    String size,
    int attempt,
    String outcome,
    Integer httpStatus,
    long priceMicros,
    long costMicros,
    long tokens,
    long latencyMs,
    Instant startedAt,
    String message,
    String lane) {

  /** A call on the standard lane. */
  public CallRecord(String batchId, Long candidateId, String tier, String purpose, String model, String size, int attempt,
      String outcome, Integer httpStatus, long priceMicros, long costMicros, long tokens, long latencyMs, Instant startedAt,
      String message) {
    this(batchId, candidateId, tier, purpose, model, size, attempt, outcome, httpStatus, priceMicros, costMicros, tokens, latencyMs,
        startedAt, message, "standard");
  }

  public CallRecord withMessage(String newMessage) {
    return new CallRecord(batchId, candidateId, tier, purpose, model, size, attempt, outcome, httpStatus, priceMicros,
        costMicros, tokens, latencyMs, startedAt, newMessage, lane);
  }
}
