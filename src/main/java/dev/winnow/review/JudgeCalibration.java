package dev.winnow.review;

import dev.winnow.ledger.Ledger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A judge's confidence mapped to how often a person agreed with it at that confidence, so that mixed review's
 * {@code --min-confidence 0.9} means "a person would agree 9 times in 10" rather than "the model said 0.9". Fitted
 * by isotonic regression on the judge's {@link JudgePair}s once there are {@link #MIN_PAIRS}; before that the raw
 * confidence stands. A confidence above every paired one gets the top step's rate: the fit never promises more than
 * the pairs showed. Pairs from mixed review sit below the threshold in use, so a judge whose sure cases were never
 * checked is not trusted beyond its checked ones; the drafts a person then decides become pairs in turn.
 */
public final class JudgeCalibration {
  /**
   * Fewer pairs than this and the raw confidence stands. With 30 pairs a hit rate is known to about ±0.18 (95%) at
   * worst: loose, but below it isotonic steps mostly fit noise and would swing the threshold from batch to batch.
   */
  public static final int MIN_PAIRS = 30;

  private final String judge;
  private final int pairs;
  private final Optional<Isotonic> fit;

  private JudgeCalibration(String judge, int pairs, Optional<Isotonic> fit) {
    this.judge = judge;
    this.pairs = pairs;
    this.fit = fit;
  }

  /** The calibration of {@code judge} (as the log names it, {@code vision:...}) on every pair in the ledger. */
  public static JudgeCalibration from(Ledger ledger, String judge) {
    return fit(judge, JudgePair.all(ledger));
  }

  /** The calibration of {@code judge} on those of {@code pairs} that are its own. */
  public static JudgeCalibration fit(String judge, List<JudgePair> pairs) {
    List<JudgePair> own = pairs.stream().filter(p -> p.judge().equals(judge)).toList();
    if (own.size() < MIN_PAIRS) return new JudgeCalibration(judge, own.size(), Optional.empty());
    double[] x = new double[own.size()], y = new double[own.size()];
    for (int i = 0; i < own.size(); i++) {
      x[i] = own.get(i).confidence();
      y[i] = own.get(i).agreed() ? 1 : 0;
    }
    return new JudgeCalibration(judge, own.size(), Optional.of(Isotonic.fit(x, y)));
  }

  /** No calibration: the judge's own word. */
  public static JudgeCalibration raw(String judge) {
    return new JudgeCalibration(judge, 0, Optional.empty());
  }

  public String judge() {
    return judge;
  }

  /** The judge's pairs with a person's pick, whether or not there were enough to calibrate. */
  public int pairs() {
    return pairs;
  }

  public boolean calibrated() {
    return fit.isPresent();
  }

  /** The confidence to compare with {@code --min-confidence}: calibrated when there is a fit, else {@code raw}. */
  public double confidence(double raw) {
    return fit.map(f -> f.apply(raw)).orElse(raw);
  }

  /**
   * The lowest raw confidence whose calibrated confidence reaches {@code target}; empty when none does (a person
   * decides every draft at that threshold) or when there is no fit. Zero when even the lowest step reaches it: a
   * confidence below every paired one takes that step's rate too.
   */
  public OptionalDouble rawThreshold(double target) {
    if (fit.isEmpty()) return OptionalDouble.empty();
    List<Isotonic.Step> steps = fit.get().steps();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).mean() >= target) return OptionalDouble.of(i == 0 ? 0 : steps.get(i).low());
    }
    return OptionalDouble.empty();
  }

  /** One line for the run's stderr: which confidence mixed review compares with {@code minConfidence}, and why. */
  public String describeUse(double minConfidence) {
    String min = String.format(Locale.ROOT, "--min-confidence %.2f", minConfidence);
    if (fit.isEmpty()) {
      return "mixed review: " + min + " applies to " + judge + "'s raw confidence (" + pairs + " pairs with a person's pick in the ledger; calibration needs " + MIN_PAIRS + ")";
    }
    OptionalDouble from = rawThreshold(minConfidence);
    String reach = from.isPresent()
        ? String.format(Locale.ROOT, "the judge decides alone from raw %.2f", from.getAsDouble())
        : "no raw confidence reaches it, so a person decides every draft";
    return "mixed review: " + min + " applies to " + judge + "'s confidence calibrated on " + pairs + " pairs with a person's pick (" + reach + ")";
  }
}
