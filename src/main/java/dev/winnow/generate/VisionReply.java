package dev.winnow.generate;

import java.util.Objects;

/**
 * What a vision call came to and what it metered: a {@link CallOutcome.Text} with the answer, or why there is none.
 * Token counts are the provider's ({@code outputTokens} includes thinking), 0 when it reported none.
 */
public record VisionReply(CallOutcome outcome, long inputTokens, long outputTokens) {
  public VisionReply {
    Objects.requireNonNull(outcome, "outcome");
    if (inputTokens < 0 || outputTokens < 0) throw new IllegalArgumentException("token counts cannot be negative");
  }

  /** A reply with nothing metered: the call failed before the model answered. */
  public static VisionReply unmetered(CallOutcome outcome) {
    return new VisionReply(outcome, 0, 0);
  }
}
