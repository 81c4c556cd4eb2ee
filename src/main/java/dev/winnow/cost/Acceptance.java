package dev.winnow.cost;

/**
 * A measured acceptance rate: {@code accepted} of {@code decided} drafts, with a Wilson score interval, which stays
 * inside 0..1 and behaves at small counts where the normal approximation does not.
 */
public record Acceptance(int decided, int accepted) {
  public Acceptance {
    if (decided < 0 || accepted < 0 || accepted > decided) {
      throw new IllegalArgumentException("need 0 <= accepted <= decided (got " + accepted + " of " + decided + ")");
    }
  }

  public double rate() {
    return decided == 0 ? 0 : (double) accepted / decided;
  }

  /** The 95% Wilson interval as {low, high}; {0, 1} when nothing was decided. */
  public double[] interval95() {
    if (decided == 0) return new double[] {0, 1};
    double z = 1.959963984540054;
    double n = decided, p = rate();
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
