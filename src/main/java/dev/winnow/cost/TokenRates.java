package dev.winnow.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What a text-answering model charges, in USD per million tokens. Output includes thinking tokens, as billed.
 */
public record TokenRates(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
  public TokenRates {
    Objects.requireNonNull(inputPerMillion, "inputPerMillion");
    Objects.requireNonNull(outputPerMillion, "outputPerMillion");
  }

  /** The cost of a call in micro-dollars, rounded up: a ledger that rounds a bill down drifts below the invoice. */
  public long micros(long inputTokens, long outputTokens) {
    // $ per million tokens equals micro-dollars per token.
    BigDecimal micros = inputPerMillion.multiply(BigDecimal.valueOf(inputTokens)).add(outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)));
    return micros.setScale(0, RoundingMode.CEILING).longValueExact();
  }
}
