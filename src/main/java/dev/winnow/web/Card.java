package dev.winnow.web;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Funnel;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.Decision;
import dev.winnow.review.HumanReviewer;
import dev.winnow.review.Pick;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One candidate as the gallery shows it: where it stands for the person reviewing, and the pick and rating on it. */
record Card(Candidate candidate, Status status, Optional<Pick> pick, Integer rating, String reviewer, Instant handOverAt) {

  enum Status {
    /** Waiting for a person's pick. */
    REVIEW,
    /** Picked, not yet applied: inside the undo window, or recorded before a stop and applied on the next run. */
    PENDING,
    /** Accepted; the final is being rendered. */
    ACCEPTED,
    /** Accepted and the final is on disk. */
    FINAL,
    /** Accepted, but the final call failed for good. */
    FINAL_FAILED,
    /** Scored by the judge under --select best; the best of the wave are chosen once it is all scored. */
    SCORED,
    REJECTED;

    String css() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** Changes whenever anything the card shows changes, so the page redraws only cards that moved. */
  String rev() {
    return Integer.toHexString(List.of(status, pick.map(Enum::name).orElse("-"), String.valueOf(rating), String.valueOf(handOverAt),
        String.valueOf(candidate.renderFile()), candidate.state()).hashCode());
  }

  /**
   * Every candidate a person has seen or will see, in the order they were drafted: those waiting in the reviewer's
   * queue and those with a verdict. Spares the pipeline has not offered yet, and candidates offered to another
   * reviewer's session, are left out.
   */
  static List<Card> all(Ledger ledger, String batchId, HumanReviewer reviewer, Optional<String> session) {
    Map<Long, HumanReviewer.Waiting> waiting = new HashMap<>();
    if (reviewer != null) {
      // A session sees its own offers; a page opened before its script names a session sees what nobody holds.
      List<HumanReviewer.Waiting> queue = session.isPresent() ? reviewer.queueFor(session.get()) : reviewer.unoffered();
      queue.forEach(w -> waiting.put(w.candidate().id(), w));
    }
    Map<Long, Decision> decisions = Decision.fold(ledger.reviews(batchId));
    List<Card> out = new ArrayList<>();
    for (Candidate c : ledger.candidates(batchId)) {
      Decision d = decisions.get(c.id());
      Integer rating = d == null ? null : d.rating();
      String who = d == null ? null : d.reviewer();
      Optional<Pick> pick = d == null ? Optional.empty() : d.pick();
      HumanReviewer.Waiting w = waiting.get(c.id());
      Status status = w != null ? (w.held().isPresent() ? Status.PENDING : Status.REVIEW) : status(c, pick);
      if (status == null) continue;
      if (w != null) pick = w.held();
      out.add(new Card(c, status, pick, rating, who, w == null ? null : w.handOverAt()));
    }
    out.sort(Comparator.comparingLong(card -> card.candidate().id()));
    return out;
  }

  private static Status status(Candidate c, Optional<Pick> pick) {
    return switch (c.state()) {
      case AWAITING_REVIEW, IN_REVIEW -> pick.isPresent() ? Status.PENDING : null;
      case ACCEPTED -> Status.ACCEPTED;
      case SCORED -> Status.SCORED;
      case RENDERED, DELIVERED -> Status.FINAL;
      case REJECTED -> Status.REJECTED;
      case FAILED -> Funnel.countsAsAccepted(c) ? Status.FINAL_FAILED : null;
      case PLANNED, DRAFTED, SCREENED_OUT -> null;
    };
  }
}
