package dev.winnow.ledger;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What became of a batch's candidates (or one prompt's), as {@link Ledger#funnel} counts them in one query. Every
 * drafted candidate is in exactly one of screenedOut, draftFailed, rejected, accepted, awaitingReview and inReview;
 * every accepted one in exactly one of delivered, finalPending and finalFailed. The constructor refuses counts that
 * do not add up.
 *
 * <p>This is the one place that decides which candidates count as accepted: those in ACCEPTED, RENDERED or DELIVERED,
 * and those FAILED for a reason that came {@link FailReason#afterAcceptance after acceptance}, because a final that
 * failed does not make its draft any less good. {@link #countsAsAccepted(Candidate)} says it for one candidate; the ledger's
 * SQL says it with {@link #ACCEPTED_SQL}, made from the same two facts.
 *
 * @param planned recorded but never drafted (budget, interruption)
 * @param drafted every candidate past PLANNED
 * @param screenedOut rejected by a free check, or the draft was blocked
 * @param screenedByReason screen rejections per reason; a draft failing several checks counts under each
 * @param draftFailed the draft call failed for good
 * @param rejected a reviewer said no
 * @param accepted a reviewer said yes, whatever became of the final ({@code = delivered + finalPending + finalFailed})
 * @param awaitingReview passed the screen and waiting for a reviewer, or kept as a spare once enough were accepted;
 *     also drafts a stopped run left unscreened (DRAFTED), which the next run screens first
 * @param inReview offered to a reviewer who has not answered yet
 * @param finalPending accepted, final not delivered yet (ACCEPTED or RENDERED)
 * @param delivered the final is delivered
 * @param finalFailed accepted, but the final failed for good (blocked, or errors after retries)
 * @param failedByReason every FAILED candidate's reasons ({@link FailReason} codes), draft and final alike
 */
public record Funnel(
    int planned,
    int drafted,
    int screenedOut,
    Map<String, Integer> screenedByReason,
    int draftFailed,
    int rejected,
    int accepted,
    int awaitingReview,
    int inReview,
    int finalPending,
    int delivered,
    int finalFailed,
    Map<String, Integer> failedByReason) {

  /** The states whose draft was accepted and whose final has not failed. */
  private static final Set<CandidateState> ACCEPTED_STATES = EnumSet.of(CandidateState.ACCEPTED, CandidateState.RENDERED, CandidateState.DELIVERED);

  /** {@link #countsAsAccepted(Candidate)} as an SQL condition on a {@code candidates} row, for the ledger's queries. */
  static final String ACCEPTED_SQL = acceptedSql();

  /** A row whose fate is decided: screened out, rejected or accepted ({@link #decided()}), as an SQL condition. */
  static final String DECIDED_SQL = "(state IN ('" + CandidateState.SCREENED_OUT + "','" + CandidateState.REJECTED + "') OR " + ACCEPTED_SQL + ")";

  public Funnel {
    screenedByReason = Collections.unmodifiableMap(new TreeMap<>(screenedByReason));
    failedByReason = Collections.unmodifiableMap(new TreeMap<>(failedByReason));
    int[] counts = {planned, drafted, screenedOut, draftFailed, rejected, accepted, awaitingReview, inReview, finalPending, delivered, finalFailed};
    if (Arrays.stream(counts).anyMatch(n -> n < 0)) throw new IllegalArgumentException("funnel counts must not be negative (got " + Arrays.toString(counts) + ")");
    int fates = screenedOut + draftFailed + rejected + accepted + awaitingReview + inReview;
    if (drafted != fates) {
      throw new IllegalArgumentException("drafted (" + drafted + ") must equal screenedOut + draftFailed + rejected + accepted + awaitingReview + inReview (" + fates + ")");
    }
    int finals = delivered + finalPending + finalFailed;
    if (accepted != finals) {
      throw new IllegalArgumentException("accepted (" + accepted + ") must equal delivered + finalPending + finalFailed (" + finals + ")");
    }
  }

  /** Drafts whose fate is decided: screened out, rejected or accepted. */
  public int decided() {
    return screenedOut + rejected + accepted;
  }

  /** Accepted among decided, or 0 when none is decided yet. */
  public double acceptance() {
    int decided = decided();
    return decided == 0 ? 0 : (double) accepted / decided;
  }

  /** Passed the screen, not decided: waiting for a reviewer, with one, or spare. */
  public int waiting() {
    return awaitingReview + inReview;
  }

  /** Whether this candidate's draft counts as accepted: a reviewer took it, and a failed final does not undo that. */
  public static boolean countsAsAccepted(Candidate c) {
    return countsAsAccepted(c.state(), c.reasons());
  }

  private static boolean countsAsAccepted(CandidateState state, List<String> reasons) {
    if (ACCEPTED_STATES.contains(state)) return true;
    return state == CandidateState.FAILED && reasons.stream().map(FailReason::parse).flatMap(Optional::stream).anyMatch(FailReason::afterAcceptance);
  }

  private static String acceptedSql() {
    String states = ACCEPTED_STATES.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
    // reasons is a comma-separated list: match whole codes, not prefixes.
    String afterAcceptance = Arrays.stream(FailReason.values()).filter(FailReason::afterAcceptance)
        .map(r -> "(',' || reasons || ',') LIKE '%," + r.code() + ",%'").collect(Collectors.joining(" OR "));
    return "(state IN (" + states + ") OR (state = '" + CandidateState.FAILED + "' AND (" + afterAcceptance + ")))";
  }

  /**
   * How many candidates are in one state with one list of reasons, as the ledger's query groups them;
   * {@code accepted} is {@link #ACCEPTED_SQL}'s answer for them.
   */
  record Tally(CandidateState state, List<String> reasons, boolean accepted, int count) {
    Tally {
      reasons = List.copyOf(reasons);
    }
  }

  /** Adds tallies up into a funnel; refuses a tally whose SQL answer on acceptance differs from {@link #countsAsAccepted(Candidate)}. */
  static Funnel of(List<Tally> tallies) {
    Counter n = new Counter();
    for (Tally t : tallies) {
      if (t.accepted() != countsAsAccepted(t.state(), t.reasons())) {
        throw new IllegalStateException("the ledger's query and Funnel disagree on whether " + t.state() + " " + t.reasons() + " is accepted");
      }
      n.add(t);
    }
    return new Funnel(n.planned, n.drafted, n.screenedOut, n.screenedByReason, n.draftFailed, n.rejected, n.accepted, n.awaitingReview,
        n.inReview, n.finalPending, n.delivered, n.finalFailed, n.failedByReason);
  }

  private static final class Counter {
    int planned, drafted, screenedOut, draftFailed, rejected, accepted, awaitingReview, inReview, finalPending, delivered, finalFailed;
    final Map<String, Integer> screenedByReason = new TreeMap<>();
    final Map<String, Integer> failedByReason = new TreeMap<>();

    void add(Tally t) {
      int n = t.count();
      // Drafted and accepted are counted apart from the buckets below, so a state this switch misses breaks the
      // funnel's sums (and its constructor) instead of vanishing from every count.
      if (t.state() != CandidateState.PLANNED) drafted += n;
      if (t.accepted()) accepted += n;
      switch (t.state()) {
        case PLANNED -> planned += n;
        case DRAFTED, AWAITING_REVIEW -> awaitingReview += n;
        case IN_REVIEW, SCORED -> inReview += n;
        case SCREENED_OUT -> {
          screenedOut += n;
          t.reasons().forEach(r -> screenedByReason.merge(r, n, Integer::sum));
        }
        case REJECTED -> rejected += n;
        case ACCEPTED, RENDERED -> finalPending += n;
        case DELIVERED -> delivered += n;
        case FAILED -> {
          if (t.accepted()) finalFailed += n;
          else draftFailed += n;
          t.reasons().forEach(r -> failedByReason.merge(r, n, Integer::sum));
        }
      }
    }
  }
}
