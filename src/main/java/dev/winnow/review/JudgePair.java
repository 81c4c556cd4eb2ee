package dev.winnow.review;

import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Review;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One draft both a judge and a person decided: what the judge said (its score, its own confidence, its score per
 * rubric criterion) and the person's pick in force. In mixed review the person decides what the judge was unsure
 * of; in an audit ({@link JudgeAudit}) a person answers on drafts the judge decided alone.
 *
 * @param judge how the log names the judge ({@code vision:local-standin}, {@code vision:gemini-2.5-flash})
 */
public record JudgePair(long candidateId, String judge, double score, double confidence, Map<String, Double> criteria, boolean personAccepted) {
  /** A criterion scored at or above this is the judge saying yes on it: the same line as the overall score's. */
  public static final double CRITERION_YES = 0.5;

  public JudgePair {
    criteria = Map.copyOf(criteria);
  }

  public boolean judgeAccepted() {
    return score >= 0.5;
  }

  /** Did the person come to the judge's verdict? */
  public boolean agreed() {
    return judgeAccepted() == personAccepted;
  }

  /**
   * Every pair in the ledger. Read in one query of the judged candidates' rows only (a candidate's rows all belong to
   * its batch, so folding them together is folding each batch's), not a query per batch.
   */
  public static List<JudgePair> all(Ledger ledger) {
    return of(ledger.reviewsOfCandidatesWith(JudgedRow.PREFIX));
  }

  /**
   * The pairs in one batch's review log: for each candidate, the judge's latest judgement and the pick in force
   * among people's rows ({@code human}, {@code human:NAME}; an undone pick is no pick).
   */
  public static List<JudgePair> of(List<Review> log) {
    Map<Long, JudgedRow.Judged> judged = new LinkedHashMap<>();
    List<Review> people = new ArrayList<>();
    for (Review r : log) {
      JudgedRow.parse(r).ifPresent(j -> judged.put(r.candidateId(), j));
      if (isPerson(r.reviewer())) people.add(JudgeAudit.is(r) ? JudgeAudit.asPick(r) : r);
    }
    Map<Long, Decision> picks = Decision.fold(people);
    List<JudgePair> out = new ArrayList<>();
    judged.forEach((id, j) -> {
      Optional<Pick> pick = Optional.ofNullable(picks.get(id)).flatMap(Decision::pick);
      pick.ifPresent(p -> out.add(new JudgePair(id, j.judge(), j.score(), j.confidence(), j.criteria(), p == Pick.ACCEPT)));
    });
    return out;
  }

  /** Did a judge score any draft in this log (whether or not a person decided the same ones)? */
  public static boolean anyJudged(List<Review> log) {
    return log.stream().anyMatch(JudgedRow::is);
  }

  static boolean isPerson(String reviewer) {
    return reviewer != null && (reviewer.equals("human") || reviewer.startsWith("human:"));
  }
}
