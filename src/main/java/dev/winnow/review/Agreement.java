package dev.winnow.review;

import java.util.List;

/**
 * How often two yes/no raters agree on the same items: the share agreed, and Cohen's kappa, which discounts the
 * agreement two raters would reach by chance given how often each says yes (a judge that accepts everything agrees
 * 90% with a person who accepts 90%, and earns a kappa of 0).
 *
 * @param count items both rated
 * @param agreed items on which they said the same
 * @param kappa Cohen's kappa, NaN when it is undefined (no items, or both raters gave one answer throughout)
 */
public record Agreement(int count, int agreed, double kappa) {
  public Agreement {
    if (count < 0 || agreed < 0 || agreed > count) throw new IllegalArgumentException("agreed must be within 0..count (got " + agreed + " of " + count + ")");
  }

  /** Agreement between {@code first} and {@code second}, item by item; the lists are the same length. */
  public static Agreement of(List<Boolean> first, List<Boolean> second) {
    if (first.size() != second.size()) throw new IllegalArgumentException("the raters rated " + first.size() + " and " + second.size() + " items");
    int n = first.size(), agreed = 0, firstYes = 0, secondYes = 0;
    for (int i = 0; i < n; i++) {
      boolean a = first.get(i), b = second.get(i);
      if (a == b) agreed++;
      if (a) firstYes++;
      if (b) secondYes++;
    }
    if (n == 0) return new Agreement(0, 0, Double.NaN);
    double observed = (double) agreed / n;
    double p1 = (double) firstYes / n, p2 = (double) secondYes / n;
    double chance = p1 * p2 + (1 - p1) * (1 - p2);
    double kappa = chance == 1 ? Double.NaN : (observed - chance) / (1 - chance);
    return new Agreement(n, agreed, kappa);
  }

  /** The share of items agreed on, 0..1; NaN with no items. */
  public double accuracy() {
    return count == 0 ? Double.NaN : (double) agreed / count;
  }
}
