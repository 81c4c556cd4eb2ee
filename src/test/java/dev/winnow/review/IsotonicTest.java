package dev.winnow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IsotonicTest {
  @Test
  void poolsAdjacentViolatorsIntoTheirMean() {
    // 1,0 violate (pooled to 0.5), then 1,0 again (0.5, equal to the block before: no further pooling), then 1.
    Isotonic f = Isotonic.fit(new double[] {1, 2, 3, 4, 5}, new double[] {1, 0, 1, 0, 1});
    assertThat(f.steps()).extracting(Isotonic.Step::mean).containsExactly(0.5, 0.5, 1.0);
    assertThat(f.apply(1)).isEqualTo(0.5);
    assertThat(f.apply(3.5)).isEqualTo(0.5);
    assertThat(f.apply(5)).isEqualTo(1.0);
    assertThat(f.apply(-3)).as("below every input: the first step").isEqualTo(0.5);
    assertThat(f.apply(9)).as("above every input: the last step, never more").isEqualTo(1.0);
  }

  @Test
  void theFitIsNonDecreasingWhateverTheInput() {
    Random random = new Random(42);
    double[] x = new double[500], y = new double[500];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble();
      y[i] = random.nextBoolean() ? 1 : 0; // no relation to x: many violators to pool
    }
    Isotonic f = Isotonic.fit(x, y);
    double before = -1;
    for (double at = 0; at <= 1; at += 0.001) {
      assertThat(f.apply(at)).isGreaterThanOrEqualTo(before);
      before = f.apply(at);
    }
    assertThat(f.steps().size()).isLessThan(50);
  }

  @Test
  void aPerfectlyCalibratedInputStaysAsItIs() {
    // At confidence 0.05, 0.15, ... 0.95, exactly that share of 100 outcomes agreed.
    double[] x = new double[1000], y = new double[1000];
    for (int level = 0; level < 10; level++) {
      double p = 0.05 + 0.1 * level;
      for (int k = 0; k < 100; k++) {
        x[level * 100 + k] = p;
        y[level * 100 + k] = k < Math.round(100 * p) ? 1 : 0;
      }
    }
    Isotonic f = Isotonic.fit(x, y);
    for (int level = 0; level < 10; level++) {
      double p = 0.05 + 0.1 * level;
      assertThat(f.apply(p)).isCloseTo(p, within(0.011));
    }
  }

  @Test
  void aCalibratedButNoisyJudgeStaysRoughlyAsItIs() {
    Random random = new Random(7);
    double[] x = new double[4000], y = new double[4000];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble();
      y[i] = random.nextDouble() < x[i] ? 1 : 0;
    }
    Isotonic f = Isotonic.fit(x, y);
    // A step fit is noisy at any one point (steps of a few dozen outcomes), so the test is the error over the range.
    double sum = 0;
    int n = 0;
    for (double at = 0.05; at <= 0.95; at += 0.01, n++) sum += Math.abs(f.apply(at) - at);
    assertThat(sum / n).isLessThan(0.04);
    for (double at = 0.1; at <= 0.9; at += 0.1) assertThat(f.apply(at)).isCloseTo(at, within(0.12));
  }

  @Test
  void equalInputsArePooledIntoOneStep() {
    Isotonic f = Isotonic.fit(new double[] {0.99, 0.99, 0.99, 0.99}, new double[] {1, 0, 0, 1});
    assertThat(f.steps()).hasSize(1);
    assertThat(f.apply(0.99)).isEqualTo(0.5);
  }
}
