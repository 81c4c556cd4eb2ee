package dev.winnow.pipeline;

import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Usd;
import dev.winnow.job.JobJson;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Funnel;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.LedgerException;
import dev.winnow.spec.ImageSize;
import dev.winnow.store.Stores;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Summary} from the ledger alone, so a report of an old batch says what the run said. Its counts are
 * the ledger's {@link Funnel}; only the finals, their drift and the cost are read here.
 */
public final class Summaries {
  private Summaries() {}

  public static Summary of(Ledger ledger, String batchId, PriceTable prices) {
    Batch batch = ledger.batch(batchId).orElseThrow(() -> new LedgerException("no batch " + batchId + " in " + ledger.describe()));
    Funnel f = ledger.funnel(batchId);
    List<String> finals = new ArrayList<>();
    List<Integer> drifts = new ArrayList<>();
    int flagged = 0, passedOver = 0;
    String finalModel = null;
    ImageSize finalSize = null;
    for (Candidate c : ledger.candidates(batchId)) {
      finalModel = c.instructions().finalModel();
      finalSize = c.instructions().finalSize();
      // --select best: good drafts that lost to better ones (or were too close to one) are rejected with that reason.
      if (c.state() == CandidateState.REJECTED && c.score() != null && dev.winnow.job.Selection.passedOver(c.reasons())) passedOver++;
      if (c.state() != CandidateState.DELIVERED) continue;
      finals.add(Stores.name(batch.outDir(), batchId, c.finalFile()));
      if (c.drift() != null && c.drift() >= 0) drifts.add(c.drift());
      if (c.reasons().contains("drift_flagged")) flagged++;
    }
    drifts.sort(null);
    double median = drifts.isEmpty() ? 0 : drifts.size() % 2 == 1 ? drifts.get(drifts.size() / 2)
        : (drifts.get(drifts.size() / 2 - 1) + drifts.get(drifts.size() / 2)) / 2.0;
    Summary.Drift drift = new Summary.Drift(JobJson.promotion(batch.jobJson()).label(), drifts.size(), median, drifts.isEmpty() ? 0 : drifts.get(drifts.size() - 1), flagged);
    Summary.Cost cost = cost(ledger.calls(batchId), batch, prices, finalModel, finalSize, f.delivered(), f.decided(), f.accepted());
    return new Summary(batchId, batch.backend(), batch.status().name().toLowerCase(), batch.note(), batch.want(), f.delivered(),
        f.drafted(), f.screenedOut(), f.screenedByReason(), f.draftFailed(), f.rejected(), f.accepted(), f.finalFailed(),
        f.finalPending(), f.waiting(), f.planned(), cost, drift, finals, passedOver);
  }

  private static Summary.Cost cost(
      List<CallRecord> calls, Batch batch, PriceTable prices, String finalModel, ImageSize finalSize,
      int delivered, int decided, int accepted) {
    int draftCalls = 0, finalCalls = 0, retries = 0;
    long draft = 0, fin = 0, review = 0, wasted = 0, total = 0;
    for (CallRecord c : calls) {
      total += c.costMicros();
      if (c.attempt() > 1) retries++;
      // An image or a judge's usable answer is what a call is for; anything else paid for bought nothing.
      if (!"image".equals(c.outcome()) && !"text".equals(c.outcome())) wasted += c.costMicros();
      switch (c.purpose()) {
        case "draft" -> {
          draft += c.costMicros();
          if ("image".equals(c.outcome())) draftCalls++;
        }
        case "final" -> {
          fin += c.costMicros();
          if ("image".equals(c.outcome())) finalCalls++;
        }
        default -> review += c.costMicros();
      }
    }
    long unit = finalModel == null ? 0 : prices.price(finalModel, finalSize).map(Usd::micros).orElse(0L);
    // All-standard: the same keepers need delivered / acceptance calls on the final model (acceptance = accepted / decided).
    long baseline = accepted == 0 ? 0 : Math.round((double) unit * delivered * decided / accepted);
    double saving = baseline == 0 ? 0 : 100.0 * (baseline - total) / baseline;
    return new Summary.Cost("local".equals(batch.backend()), String.valueOf(prices.asOf()), draftCalls, draft, finalCalls, fin,
        review, retries, wasted, total, unit, baseline, saving);
  }
}
