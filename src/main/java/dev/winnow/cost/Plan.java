package dev.winnow.cost;

import dev.winnow.generate.Lane;
import dev.winnow.spec.ImageSize;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * One way to make a batch: a single tier (every candidate on the final model) or two tiers (candidates drafted on a
 * cheap model, the keepers rendered again on the final one), each tier on a lane. Its expected cost at an acceptance
 * rate is the article's arithmetic with each call at its lane's price.
 *
 * @param draft the draft tier, empty for a single-tier plan
 * @param fin the final tier
 */
public record Plan(Optional<Step> draft, Step fin) {

  /** One tier: a model at a size on a lane, and what one call costs there. */
  public record Step(String model, ImageSize size, Lane lane, BigDecimal priceUsd) {
    String describe() {
      return model + " " + size.label() + " " + lane.label();
    }
  }

  public static Plan singleTier(Step fin) {
    return new Plan(Optional.empty(), fin);
  }

  public static Plan twoTier(Step draft, Step fin) {
    return new Plan(Optional.of(draft), fin);
  }

  public boolean twoTiers() {
    return draft.isPresent();
  }

  /** Its everyday name: "all standard", "two tiers, drafts on batch, finals on flex", "single tier on flex". */
  public String label() {
    Lane fl = fin.lane();
    if (draft.isEmpty()) return fl == Lane.STANDARD ? "all standard" : "single tier on " + fl.label();
    Lane dl = draft.get().lane();
    if (dl == fl) return "two tiers, both on " + dl.label();
    return "two tiers, drafts on " + dl.label() + ", finals on " + fl.label();
  }

  /** A short name: "all on M (lane)" or "drafts on D (lane), finals on F (lane)". */
  public String describe() {
    return draft.map(d -> "drafts " + d.describe() + ", finals " + fin.describe()).orElse("all on " + fin.describe());
  }

  /**
   * Expected cost of {@code want} keepers at {@code acceptance}: candidates are drafted until want are accepted
   * (want / acceptance of them), each reviewed at {@code reviewUsd}; two tiers add a final per keeper.
   */
  public BigDecimal expectedUsd(int want, double acceptance, BigDecimal reviewUsd) {
    int candidates = Estimate.draftsFor(want, acceptance);
    BigDecimal perCandidate = draft.map(Step::priceUsd).orElse(fin.priceUsd()).add(reviewUsd);
    BigDecimal total = perCandidate.multiply(BigDecimal.valueOf(candidates));
    if (twoTiers()) total = total.add(fin.priceUsd().multiply(BigDecimal.valueOf(want)));
    return total.setScale(4, RoundingMode.HALF_UP);
  }

  /**
   * How long the plan needs at the least, from its lanes' turnaround: a Batch job targets 24 hours (two tiers on
   * Batch wait for two of them), a Flex call up to 15 minutes, a standard call seconds (zero here).
   */
  public Duration turnaround() {
    Duration d = wait(fin.lane());
    return draft.map(s -> d.plus(wait(s.lane()))).orElse(d);
  }

  private static Duration wait(Lane lane) {
    return switch (lane) {
      case STANDARD -> Duration.ZERO;
      case FLEX -> Duration.ofMinutes(15);
      case BATCH -> Duration.ofHours(24);
    };
  }
}
