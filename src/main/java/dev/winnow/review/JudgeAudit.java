package dev.winnow.review;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Review;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A person checks a judge's work ({@code winnow review BATCH --audit}): drafts the judge decided alone are shown
 * without its verdict, the person says keep or discard, and each answer is an {@code audit:accept} or {@code
 * audit:reject} row in the review log. The rows pair with the judge's for calibration ({@link JudgePair}) and change
 * nothing else: {@link Decision#fold} skips them, so no state, label or final follows from an audit. Mixed review
 * only pairs the cases the judge was unsure of; an audit samples the ones it decided, so its agreement is not
 * measured on its hardest cases alone.
 */
public final class JudgeAudit {
  static final String PREFIX = "audit:";

  /** One draft to audit, and what the judge said of it (shown only after the person answers). */
  public record Item(Candidate candidate, boolean judgeAccepted, String judge) {}

  private JudgeAudit() {}

  /**
   * The judged drafts of a batch that no person has picked or audited yet, in a fixed shuffled order (by a hash of
   * the id, so neither the judge's verdict nor the draft order decides which are seen first).
   */
  public static List<Item> open(Ledger ledger, String batchId) {
    List<Review> log = ledger.reviews(batchId);
    Map<Long, JudgedRow.Judged> judged = new java.util.HashMap<>();
    Set<Long> seenByPerson = new HashSet<>();
    for (Review r : log) {
      JudgedRow.parse(r).ifPresent(j -> judged.put(r.candidateId(), j));
      if (JudgePair.isPerson(r.reviewer()) && !Decision.RATE.equals(r.verdict())) seenByPerson.add(r.candidateId());
    }
    List<Item> out = new ArrayList<>();
    for (Candidate c : ledger.candidates(batchId)) {
      JudgedRow.Judged j = judged.get(c.id());
      if (j == null || seenByPerson.contains(c.id())) continue;
      out.add(new Item(c, j.score() >= 0.5, j.judge()));
    }
    out.sort(Comparator.comparingLong(i -> mix(i.candidate().id())));
    return out;
  }

  /**
   * Records a person's answer on a judged draft of {@code batchId}; returns the judge's verdict on it, or empty when
   * the candidate is not a judged draft of that batch (nothing is recorded then).
   */
  public static Optional<Item> record(Ledger ledger, String batchId, long candidateId, Pick pick, String person) {
    Optional<Item> item = ledger.reviews(batchId).stream().filter(r -> r.candidateId() == candidateId).map(JudgedRow::parse)
        .flatMap(Optional::stream).reduce((a, b) -> b)
        .map(j -> new Item(ledger.candidate(candidateId), j.score() >= 0.5, j.judge()));
    item.ifPresent(i -> ledger.recordReview(candidateId, PREFIX + pick.code(), null, person == null || person.isBlank() ? "human" : "human:" + person.strip()));
    return item;
  }

  static boolean is(Review r) {
    return r.verdict() != null && r.verdict().startsWith(PREFIX);
  }

  /** The pick an audit row records, as a plain pick row for folding. */
  static Review asPick(Review r) {
    return new Review(r.id(), r.candidateId(), r.verdict().substring(PREFIX.length()), r.rating(), r.reviewer(), r.at());
  }

  private static long mix(long id) {
    long z = id * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 31);
  }
}
