package dev.winnow.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What a batch came to, read back from the ledger: the funnel (the ledger's {@link dev.winnow.ledger.Funnel}, whose
 * parts add up to {@code drafted}) and the cost
 * against an all-standard run of the same keepers at the measured acceptance.
 *
 * @param drafted candidates whose draft call was answered ({@code = screenedOut + draftFailed + rejected + accepted + spare})
 * @param screenedByReason rejections per screen reason; a draft failing several checks counts under each
 * @param accepted accepted by review ({@code = delivered + finalFailed + finalPending})
 * @param spare passed the screen and not decided: waiting for review, with a reviewer, or not needed (and drafts a
 *     stopped run left unscreened); {@link dev.winnow.ledger.Funnel#waiting}
 * @param notDrafted planned but never called (budget, interruption)
 */
public record Summary(
    String batchId,
    String backend,
    String status,
    String note,
    int wanted,
    int delivered,
    int drafted,
    int screenedOut,
    Map<String, Integer> screenedByReason,
    int draftFailed,
    int rejected,
    int accepted,
    int finalFailed,
    int finalPending,
    int spare,
    int notDrafted,
    Cost cost,
    Drift drift,
    List<String> finals,
    int passedOver) {

  public Summary {
    screenedByReason = Map.copyOf(screenedByReason);
    finals = List.copyOf(finals);
  }

  /** Acceptance among drafts whose fate was decided, or 0 when none was. */
  public double acceptance() {
    int decided = screenedOut + rejected + accepted;
    return decided == 0 ? 0 : (double) accepted / decided;
  }

  /**
   * How far delivered finals are from their drafts (perceptual-hash bits of 64), by the promotion route used, and
   * how many were delivered flagged because re-rendering did not bring them back under the threshold.
   */
  public record Drift(String route, int measured, double medianBits, int maxBits, int flagged) {}

  /**
   * Money in micro-dollars. {@code baselineMicros} is what the same keepers would have cost on the final model alone
   * at the measured acceptance (delivered / acceptance standard calls); {@code savingPct} is net of every call this
   * batch paid for, review and failures included, and negative when two tiers cost more.
   */
  public record Cost(
      boolean simulated,
      String priceTableDate,
      int draftCalls,
      long draftMicros,
      int finalCalls,
      long finalMicros,
      long reviewMicros,
      int retries,
      long wastedMicros,
      long spentMicros,
      long finalUnitMicros,
      long baselineMicros,
      double savingPct) {}
}
