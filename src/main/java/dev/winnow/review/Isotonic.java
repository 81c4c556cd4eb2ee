package dev.winnow.review;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function of {@code x} closest (in squared
 * error) to the observed outcomes. Chosen over Platt scaling because it assumes nothing about the judge's curve: a
 * judge that says 0.99 for everything gets one step at its real hit rate, which a sigmoid would have to fake.
 */
final class Isotonic {
  /** One pooled step: inputs from {@code low} up to the next step's {@code low} map to {@code mean}. */
  record Step(double low, double high, double mean, int weight) {}

  private final List<Step> steps;

  private Isotonic(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Fits outcomes {@code y} (1 for agreed, 0 for not) against inputs {@code x}; both the same length, at least one. */
  static Isotonic fit(double[] x, double[] y) {
    if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length (" + x.length + " and " + y.length + ")");
    if (x.length == 0) throw new IllegalArgumentException("isotonic regression needs at least one point");
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
    // Blocks as parallel running sums; equal inputs start pooled, since a function cannot give them two values.
    List<double[]> blocks = new ArrayList<>(); // {low, high, sum, weight}
    for (int i : order) {
      double[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
      if (last != null && last[1] == x[i]) {
        last[2] += y[i];
        last[3]++;
      } else {
        blocks.add(new double[] {x[i], x[i], y[i], 1});
      }
      while (blocks.size() > 1 && mean(blocks.get(blocks.size() - 2)) > mean(blocks.get(blocks.size() - 1))) {
        double[] b = blocks.remove(blocks.size() - 1), a = blocks.get(blocks.size() - 1);
        a[1] = b[1];
        a[2] += b[2];
        a[3] += b[3];
      }
    }
    List<Step> steps = new ArrayList<>();
    for (double[] b : blocks) steps.add(new Step(b[0], b[1], mean(b), (int) b[3]));
    return new Isotonic(steps);
  }

  private static double mean(double[] block) {
    return block[2] / block[3];
  }

  /**
   * The fitted value at {@code x}: the step it falls in, or the step below it in a gap between steps (never
   * promising more than the evidence under it); below the first step, the first step's value.
   */
  double apply(double x) {
    Step at = steps.get(0);
    for (Step s : steps) {
      if (s.low() > x) break;
      at = s;
    }
    return at.mean();
  }

  List<Step> steps() {
    return steps;
  }
}
