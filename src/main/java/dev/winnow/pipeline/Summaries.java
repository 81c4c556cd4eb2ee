package dev.winnow.pipeline;

import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Usd;
import dev.winnow.job.JobJson;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.LedgerException;
import dev.winnow.spec.ImageSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link Summary} from the ledger alone, so a report of an old batch says what the run said. */
public final class Summaries {
  private Summaries() {}

  public static Summary of(Ledger ledger, String batchId, PriceTable prices) {
    Batch batch = ledger.batch(batchId).orElseThrow(() -> new LedgerException("no batch " + batchId + " in " + ledger.file()));
    int drafted = 0, screenedOut = 0, draftFailed = 0, rejected = 0, accepted = 0, finalFailed = 0, pending = 0, spare = 0, planned = 0, delivered = 0;
    Map<String, Integer> reasons = new TreeMap<>();
    List<String> finals = new ArrayList<>();
    Path root = Path.of(batch.outDir()).resolve(batchId);
    String finalModel = null;
    ImageSize finalSize = null;
    for (Candidate c : ledger.candidates(batchId)) {
      finalModel = c.instructions().finalModel();
      finalSize = c.instructions().finalSize();
      switch (c.state()) {
        case PLANNED -> planned++;
        case DRAFTED, AWAITING_REVIEW, IN_REVIEW -> spare++;
        case SCREENED_OUT -> {
          screenedOut++;
          c.reasons().forEach(r -> reasons.merge(r, 1, Integer::sum));
        }
        case REJECTED -> rejected++;
        case ACCEPTED, RENDERED -> {
          accepted++;
          pending++;
        }
        case DELIVERED -> {
          accepted++;
          delivered++;
          finals.add(root.resolve(c.finalFile()).toString());
        }
        case FAILED -> {
          if (c.reasons().stream().anyMatch(r -> r.startsWith("final_"))) {
            accepted++;
            finalFailed++;
          } else {
            draftFailed++;
          }
        }
      }
      if (c.state() != CandidateState.PLANNED) drafted++;
    }
    List<Integer> drifts = new ArrayList<>();
    int flagged = 0;
    for (Candidate c : ledger.candidates(batchId)) {
      if (c.state() != CandidateState.DELIVERED) continue;
      if (c.drift() != null && c.drift() >= 0) drifts.add(c.drift());
      if (c.reasons().contains("drift_flagged")) flagged++;
    }
    drifts.sort(null);
    double median = drifts.isEmpty() ? 0 : drifts.size() % 2 == 1 ? drifts.get(drifts.size() / 2)
        : (drifts.get(drifts.size() / 2 - 1) + drifts.get(drifts.size() / 2)) / 2.0;
    Summary.Drift drift = new Summary.Drift(JobJson.promotion(batch.jobJson()).label(), drifts.size(), median, drifts.isEmpty() ? 0 : drifts.get(drifts.size() - 1), flagged);
    Summary.Cost cost = cost(ledger.calls(batchId), batch, prices, finalModel, finalSize, delivered, screenedOut + rejected + accepted, accepted);
    return new Summary(batchId, batch.backend(), batch.status().name().toLowerCase(), batch.note(), batch.want(), delivered,
        drafted, screenedOut, reasons, draftFailed, rejected, accepted, finalFailed, pending, spare, planned, cost, drift, finals);
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
