package dev.winnow.cost;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The article's arithmetic, exactly: an all-standard run makes every candidate on the final model; a two-tier run
 * makes them on the draft model and pays the final model only for the keepers. Costs are in standard units (one final
 * call = 1) and, when prices are known, in dollars. Two tiers pay while acceptance < 1 - (draft + review) / final.
 *
 * @param want keepers wanted
 * @param drafts candidates drafted to get them
 * @param priceRatio draft price / final price
 * @param reviewRatio review cost per candidate / final price (0 for a person or auto review)
 * @param finalPriceUsd the final model's price per image, when known
 */
public record Estimate(int want, int drafts, double priceRatio, double reviewRatio, Optional<BigDecimal> finalPriceUsd) {

  public Estimate {
    if (want < 1) throw new IllegalArgumentException("want must be at least 1 (got " + want + ")");
    if (drafts < want) throw new IllegalArgumentException("drafts must be at least want (got " + drafts + " < " + want + ")");
    if (priceRatio <= 0) throw new IllegalArgumentException("price ratio must be above 0 (got " + priceRatio + ")");
  }

  /** Drafts needed for {@code want} keepers at an acceptance rate, rounded up. */
  public static int draftsFor(int want, double acceptance) {
    return (int) Math.ceil(want / acceptance - 1e-9);
  }

  public double acceptance() {
    return (double) want / drafts;
  }

  /** Standard calls of an all-standard run: every candidate on the final model. */
  public int allStandardCalls() {
    return drafts;
  }

  public double allStandardUnits() {
    return drafts;
  }

  /** want finals + drafts x ratio (+ drafts x review ratio). */
  public double twoTierUnits() {
    return want + drafts * priceRatio + drafts * reviewRatio;
  }

  public double savingPct() {
    return 100 * (1 - twoTierUnits() / allStandardUnits());
  }

  public double breakEvenAcceptance() {
    return 1 - priceRatio - reviewRatio;
  }

  public Optional<BigDecimal> allStandardUsd() {
    return finalPriceUsd.map(p -> p.multiply(BigDecimal.valueOf(allStandardUnits())));
  }

  public Optional<BigDecimal> twoTierUsd() {
    return finalPriceUsd.map(p -> p.multiply(BigDecimal.valueOf(twoTierUnits())));
  }

  /** One line a person can act on. */
  public String recommendation() {
    double a = acceptance(), even = breakEvenAcceptance();
    if (even <= 0) {
      return "Render directly on the final model: drafts plus review cost as much as a final, so two tiers never pay.";
    }
    if (a < even - 0.05) {
      return String.format("Use two tiers: at %.0f%% acceptance the split saves %.0f%%; it pays while acceptance stays below %.0f%%.", 100 * a, savingPct(), 100 * even);
    }
    if (a > even + 0.05) {
      return String.format("Render directly on the final model: at %.0f%% acceptance two tiers cost %.0f%% more (break-even %.0f%%).", 100 * a, -savingPct(), 100 * even);
    }
    return String.format("About even: %.0f%% acceptance is near the %.0f%% break-even; two tiers still buy a look before you pay for a final.", 100 * a, 100 * even);
  }
}
