package dev.winnow.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money as the ledger keeps it: whole micro-dollars, so sums of thousands of calls stay exact. */
public final class Usd {
  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  private Usd() {}

  public static long micros(BigDecimal usd) {
    return usd.multiply(MICROS).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  public static BigDecimal usd(long micros) {
    return BigDecimal.valueOf(micros).divide(MICROS).stripTrailingZeros();
  }

  /** "$1.23" (or "$0.0336" for sub-cent precision that matters). */
  public static String format(long micros) {
    BigDecimal v = BigDecimal.valueOf(micros).divide(MICROS, 4, RoundingMode.HALF_UP);
    return "$" + (Math.abs(micros) >= 10_000_000 || micros % 10_000 == 0 ? v.setScale(2, RoundingMode.HALF_UP) : v).toPlainString();
  }
}
