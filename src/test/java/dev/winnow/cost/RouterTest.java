package dev.winnow.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.generate.Lane;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.spec.ImageSize;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plans costed from the dated table at today's prices: the lanes make the split pay again at 4K. */
class RouterTest {
  private final Router router = new Router(PriceTable.builtIn());

  private List<Router.Costed> plans(ImageSize size, Optional<Duration> deadline) {
    return router.plans(100, 0.35, ModelCatalog.LITE, ModelCatalog.FLASH_21, size, BigDecimal.ZERO, deadline);
  }

  private static BigDecimal usd(List<Router.Costed> plans, Optional<Lane> draft, Lane fin) {
    return plans.stream()
        .filter(c -> c.plan().draft().map(Plan.Step::lane).equals(draft) && c.plan().fin().lane() == fin)
        .findFirst().orElseThrow().usd();
  }

  @Test
  void everyPlanAt4kIsCostedAtItsLanesPrices() {
    List<Router.Costed> plans = plans(ImageSize.K4, Optional.empty());
    // 286 candidates for 100 keepers at 35%; Lite $0.0336 (Batch $0.0168), Nano Banana 2.1 4K $0.1134 (Batch, Flex $0.0567)
    assertThat(usd(plans, Optional.empty(), Lane.STANDARD)).isEqualByComparingTo("32.4324");
    assertThat(usd(plans, Optional.of(Lane.STANDARD), Lane.STANDARD)).isEqualByComparingTo("20.9496");
    assertThat(usd(plans, Optional.of(Lane.BATCH), Lane.STANDARD)).isEqualByComparingTo("16.1448");
    assertThat(usd(plans, Optional.of(Lane.BATCH), Lane.BATCH)).isEqualByComparingTo("10.4748");
    assertThat(usd(plans, Optional.empty(), Lane.BATCH)).isEqualByComparingTo("16.2162");
    // Lite has no Flex lane: no plan drafts on it
    assertThat(plans).noneMatch(c -> c.plan().draft().map(d -> d.lane() == Lane.FLEX).orElse(false));
    // cheapest first; on a tie the quicker plan wins: Batch drafts with Flex finals beat Batch for both
    assertThat(plans).isSortedAccordingTo(java.util.Comparator.comparing(Router.Costed::usd));
    Plan pick = plans.get(0).plan();
    assertThat(pick.draft().orElseThrow().lane()).isEqualTo(Lane.BATCH);
    assertThat(pick.fin().lane()).isEqualTo(Lane.FLEX);
    assertThat(plans.get(0).perKeeperUsd()).isEqualByComparingTo("0.1047");
  }

  @Test
  void aDeadlineLeavesOutTheLanesThatCannotMeetIt() {
    List<Router.Costed> plans = plans(ImageSize.K4, Optional.of(Duration.ofHours(6)));
    assertThat(plans).noneMatch(c -> c.plan().turnaround().compareTo(Duration.ofHours(6)) > 0);
    assertThat(plans).noneMatch(c -> c.plan().fin().lane() == Lane.BATCH || c.plan().draft().map(d -> d.lane() == Lane.BATCH).orElse(false));
    Plan pick = plans.get(0).plan();
    assertThat(pick.draft().orElseThrow().lane()).isEqualTo(Lane.STANDARD);
    assertThat(pick.fin().lane()).isEqualTo(Lane.FLEX);
    assertThat(plans.get(0).usd()).isEqualByComparingTo("15.2796");
    // under 15 minutes only the standard lanes are left
    assertThat(plans(ImageSize.K4, Optional.of(Duration.ofMinutes(10)))).allMatch(c -> c.plan().turnaround().isZero());
  }

  @Test
  void at1kTheStandardModelCostsWhatLiteCostsSoTwoTiersOnlyPayThroughTheLanes() {
    List<Router.Costed> plans = plans(ImageSize.K1, Optional.of(Duration.ofMinutes(10)));
    assertThat(usd(plans, Optional.empty(), Lane.STANDARD)).isLessThan(usd(plans, Optional.of(Lane.STANDARD), Lane.STANDARD));
    assertThat(plans.get(0).plan().twoTiers()).isFalse();
  }
}
