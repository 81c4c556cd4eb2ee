package dev.winnow.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierAdviceTest {
  private static final Optional<BigDecimal> LITE = Optional.of(new BigDecimal("0.0336"));
  private static final Optional<BigDecimal> FLASH_2K = Optional.of(new BigDecimal("0.101"));

  @Test
  void flagsOnlyPromptsPastBreakEvenAndSwitchesOnlyWhenSure() {
    Map<String, Acceptance> history = Map.of(
        "easy", new Acceptance(200, 190),   // 95%, interval well above 67%
        "lucky", new Acceptance(6, 5),      // 83%, but the interval reaches far below
        "hard", new Acceptance(100, 30));   // 30%: two tiers pay
    List<TierAdvice> advice = TierAdvice.of(List.of("hard", "easy", "lucky", "new"), history, LITE, FLASH_2K);
    assertThat(advice).extracting(TierAdvice::prompt).containsExactly("easy", "lucky");
    assertThat(advice.get(0).breakEven()).isBetween(0.66, 0.67);
    assertThat(advice.get(0).promptIndex()).isEqualTo(1);
    assertThat(advice.get(0).renderDirectly()).isTrue();
    assertThat(advice.get(1).renderDirectly()).isFalse();
    assertThat(advice.get(1).describe()).contains("not yet certain");
  }

  @Test
  void saysNothingWithoutPrices() {
    assertThat(TierAdvice.of(List.of("easy"), Map.of("easy", new Acceptance(10, 10)), Optional.empty(), FLASH_2K)).isEmpty();
  }

  @Test
  void wilsonIntervalStaysInsideZeroToOne() {
    double[] all = new Acceptance(10, 10).interval95();
    assertThat(all[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(all[0]).isBetween(0.6, 0.8);
    assertThat(new Acceptance(0, 0).interval95()).containsExactly(0, 1);
  }
}
