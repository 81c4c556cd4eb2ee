package dev.winnow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.review.Agreement;
import dev.winnow.review.JudgeAgreement;
import dev.winnow.review.JudgeCalibration;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** {@code winnow stats}' section on vision judges against people: agreement and what calibration makes of it. */
final class JudgeStats {
  /** The thresholds a person is likely to pass to --min-confidence; the calibrated raw confidence of each is shown. */
  static final double[] TARGETS = {0.8, 0.9, 0.95};

  private JudgeStats() {}

  static void text(List<JudgeAgreement> judges, PrintWriter out) {
    if (judges.isEmpty()) return;
    out.println();
    out.println("vision judges against people, on drafts both decided (a criterion scored 0.5 or more counts as the judge's yes)");
    for (JudgeAgreement j : judges) {
      row(out, j.judge(), "overall", j.overall());
      for (Map.Entry<String, Agreement> c : j.criteria().entrySet()) row(out, "", c.getKey(), c.getValue());
      out.println("  " + calibration(j));
    }
  }

  private static void row(PrintWriter out, String judge, String what, Agreement a) {
    out.printf(Locale.ROOT, "  %-28s %-18s %4s  kappa %5s  %d pairs%n", judge, what, pct(a.accuracy()), num(a.kappa()), a.count());
  }

  private static String calibration(JudgeAgreement j) {
    JudgeCalibration c = j.calibration();
    if (!c.calibrated()) {
      return "too few pairs to trust these figures or to calibrate (" + c.pairs() + " of " + JudgeCalibration.MIN_PAIRS
          + " needed): mixed review compares --min-confidence with the judge's raw confidence";
    }
    StringBuilder s = new StringBuilder("calibrated on " + c.pairs() + " pairs (isotonic): mixed review's");
    for (double t : TARGETS) {
      OptionalDouble raw = c.rawThreshold(t);
      s.append(String.format(Locale.ROOT, " --min-confidence %.2f", t))
          .append(raw.isPresent() ? String.format(Locale.ROOT, " holds from raw %.2f;", raw.getAsDouble()) : " is never reached (a person decides all);");
    }
    return s.substring(0, s.length() - 1);
  }

  static void json(List<JudgeAgreement> judges, ArrayNode array) {
    for (JudgeAgreement j : judges) {
      ObjectNode o = array.addObject().put("judge", j.judge());
      agreement(o, j.overall());
      ArrayNode criteria = o.putArray("criteria");
      j.criteria().forEach((name, a) -> agreement(criteria.addObject().put("criterion", name), a));
      JudgeCalibration c = j.calibration();
      o.put("calibrated", c.calibrated()).put("min_pairs", JudgeCalibration.MIN_PAIRS);
      ObjectNode thresholds = o.putObject("thresholds");
      for (double t : TARGETS) {
        OptionalDouble raw = c.rawThreshold(t);
        String key = String.format(Locale.ROOT, "%.2f", t);
        if (raw.isPresent()) thresholds.put(key, raw.getAsDouble());
        else thresholds.putNull(key);
      }
    }
  }

  private static void agreement(ObjectNode o, Agreement a) {
    o.put("pairs", a.count()).put("agreed", a.agreed());
    if (a.count() > 0) o.put("accuracy", a.accuracy());
    else o.putNull("accuracy");
    if (Double.isNaN(a.kappa())) o.putNull("kappa");
    else o.put("kappa", a.kappa());
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }
}
