package dev.winnow.pipeline;

import java.util.Optional;

/**
 * Money committed by a running batch: a reservation before each call and its settlement after, so that a cap is
 * never crossed however many calls are in flight.
 */
interface Spend {
  /** A reservation of {@code micros} for one call. */
  interface Hold {
    long micros();
  }

  /** Reserves the call's price, or empty when that would cross the cap. */
  Optional<Hold> reserve(long micros);

  /** Replaces the reservation by what the call really cost (0 releases it). */
  void settle(Hold hold, long actualMicros);

  long spentMicros();

  /** Whether {@code micros} more could be reserved now (advisory: only {@link #reserve} is binding). */
  boolean canAfford(long micros);
}
