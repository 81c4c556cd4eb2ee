package dev.winnow.cost;

import dev.winnow.generate.Lane;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.spec.ImageSize;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every plan the price table allows for a batch (single tier or two tiers, each tier on each lane its model is served
 * on), costed at an acceptance rate, cheapest first; plans whose lanes cannot finish inside the deadline are left
 * out. The router's pick is the cheapest that fits.
 */
public final class Router {
  /** A plan with its expected cost. */
  public record Costed(Plan plan, BigDecimal usd, BigDecimal perKeeperUsd) {}

  private final PriceTable prices;

  public Router(PriceTable prices) {
    this.prices = prices;
  }

  /**
   * The plans for {@code want} keepers of {@code finalModel} at {@code finalSize}, drafting on {@code draftModel},
   * at {@code acceptance}, cheapest first. {@code deadline} empty: no limit.
   */
  public List<Costed> plans(int want, double acceptance, String draftModel, String finalModel, ImageSize finalSize,
      BigDecimal reviewUsd, Optional<Duration> deadline) {
    List<Plan> all = new ArrayList<>();
    ImageSize draftSize = ModelCatalog.fit(draftModel, finalSize.ordinal() < ImageSize.K1.ordinal() ? finalSize : ImageSize.K1);
    for (Lane fl : lanes(finalModel)) {
      Optional<Plan.Step> fin = step(finalModel, finalSize, fl);
      if (fin.isEmpty()) continue;
      all.add(Plan.singleTier(fin.get()));
      for (Lane dl : lanes(draftModel)) step(draftModel, draftSize, dl).ifPresent(d -> all.add(Plan.twoTier(d, fin.get())));
    }
    List<Costed> out = new ArrayList<>();
    for (Plan p : all) {
      if (deadline.isPresent() && p.turnaround().compareTo(deadline.get()) > 0) continue;
      BigDecimal usd = p.expectedUsd(want, acceptance, reviewUsd);
      out.add(new Costed(p, usd, usd.divide(BigDecimal.valueOf(want), 4, java.math.RoundingMode.HALF_UP)));
    }
    out.sort(Comparator.comparing(Costed::usd).thenComparing(c -> c.plan().turnaround()));
    return out;
  }

  private Optional<Plan.Step> step(String model, ImageSize size, Lane lane) {
    return prices.price(model, size, lane).map(p -> new Plan.Step(ModelCatalog.canonical(model), size, lane, p));
  }

  private static List<Lane> lanes(String model) {
    return ModelCatalog.find(model).map(m -> List.copyOf(m.lanes())).orElse(List.of(Lane.STANDARD));
  }
}
