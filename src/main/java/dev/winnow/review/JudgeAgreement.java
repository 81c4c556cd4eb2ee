package dev.winnow.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far one judge agreed with people on the drafts both decided: overall (the judge's verdict against the
 * person's pick) and per rubric criterion (the criterion's score at or above {@link JudgePair#CRITERION_YES} as the
 * judge's yes, against the same pick), with the calibration those pairs give. What {@code winnow stats} and the
 * report show.
 */
public record JudgeAgreement(String judge, Agreement overall, Map<String, Agreement> criteria, JudgeCalibration calibration) {
  public JudgeAgreement {
    criteria = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(criteria));
  }

  /** One entry per judge among {@code pairs}, in name order. */
  public static List<JudgeAgreement> of(List<JudgePair> pairs) {
    Map<String, List<JudgePair>> byJudge = new TreeMap<>();
    for (JudgePair p : pairs) byJudge.computeIfAbsent(p.judge(), k -> new ArrayList<>()).add(p);
    List<JudgeAgreement> out = new ArrayList<>();
    byJudge.forEach((judge, own) -> out.add(of(judge, own)));
    return out;
  }

  private static JudgeAgreement of(String judge, List<JudgePair> own) {
    List<Boolean> person = own.stream().map(JudgePair::personAccepted).toList();
    Agreement overall = Agreement.of(own.stream().map(JudgePair::judgeAccepted).toList(), person);
    Map<String, Agreement> criteria = new LinkedHashMap<>();
    for (String name : new java.util.TreeSet<>(own.stream().flatMap(p -> p.criteria().keySet().stream()).toList())) {
      // A pair whose judgement lacks the criterion (another rubric) is left out of that criterion only.
      List<JudgePair> scored = own.stream().filter(p -> p.criteria().containsKey(name)).toList();
      criteria.put(name, Agreement.of(
          scored.stream().map(p -> p.criteria().get(name) >= JudgePair.CRITERION_YES).toList(),
          scored.stream().map(JudgePair::personAccepted).toList()));
    }
    return new JudgeAgreement(judge, overall, criteria, JudgeCalibration.fit(judge, own));
  }

  /** Too few pairs for the figures to mean much, and too few to calibrate on. */
  public boolean tooFew() {
    return overall.count() < JudgeCalibration.MIN_PAIRS;
  }
}
