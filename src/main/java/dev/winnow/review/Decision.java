package dev.winnow.review;

import dev.winnow.ledger.Review;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a candidate stands in the review log: the pick in force (empty after an undo), its latest rating, and who
 * made the pick and when. The log ({@link Review} rows) is append-only; this is its fold.
 */
public record Decision(long candidateId, Optional<Pick> pick, Integer rating, String reviewer, Instant at) {
  static final String UNDO = "undo";
  static final String RATE = "rate";

  /** The decision in force for every candidate the log mentions. */
  public static Map<Long, Decision> fold(List<Review> log) {
    Map<Long, Decision> out = new HashMap<>();
    for (Review r : log) {
      if (JudgedRow.is(r)) continue; // the judge's scores, kept for calibration; its pick, if any, is its own row
      if (JudgeAudit.is(r)) continue; // a person checking the judge: kept for calibration, decides nothing
      Decision before = out.getOrDefault(r.candidateId(), new Decision(r.candidateId(), Optional.empty(), null, null, null));
      out.put(r.candidateId(), before.then(r));
    }
    return out;
  }

  private Decision then(Review r) {
    Integer newRating = r.rating() != null ? r.rating() : rating;
    if (RATE.equals(r.verdict())) return new Decision(candidateId, pick, newRating, reviewer, at);
    if (UNDO.equals(r.verdict())) return new Decision(candidateId, Optional.empty(), newRating, r.reviewer(), r.at());
    return new Decision(candidateId, Pick.parse(r.verdict()), newRating, r.reviewer(), r.at());
  }
}
