package dev.winnow.review;

import dev.winnow.ledger.CallRecord;
import java.util.Optional;

/**
 * How a reviewer that makes paid calls (a vision judge) pays for them: against the batch's budget, recorded in its
 * ledger, exactly like the image calls. The pipeline hands one to the reviewer before the first review.
 */
public interface ReviewBilling {
  /** A reservation for one call. */
  interface Hold {}

  String batchId();

  /** Reserves {@code micros} for one call, or empty when that would cross the budget cap. */
  Optional<Hold> reserve(long micros);

  /** Replaces the reservation by what the call cost ({@code record.costMicros()}) and writes the record. */
  void settle(Hold hold, CallRecord record);
}
