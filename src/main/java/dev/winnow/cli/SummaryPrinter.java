package dev.winnow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.cost.Usd;
import dev.winnow.job.PromptTarget;
import dev.winnow.job.ScreenChecks;
import dev.winnow.pipeline.PlanComparison;
import dev.winnow.pipeline.Summary;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.stream.Collectors;

/** Prints a batch's {@link Summary} for people (a funnel and a cost block) or for scripts (one JSON object). */
final class SummaryPrinter {
  private SummaryPrinter() {}

  static void text(Summary s, PrintWriter out) {
    out.printf("batch %s (%s)%n", s.batchId(), s.status());
    out.printf("  drafted       %5d%n", s.drafted());
    String reasons = s.screenedByReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    out.printf("  screened out  %5d   %s%n", s.screenedOut(), reasons.isEmpty() ? "" : "(" + reasons + "; a draft can fail several checks)");
    if (s.draftFailed() > 0) out.printf("  draft failed  %5d   (errors after retries)%n", s.draftFailed());
    out.printf("  rejected      %5d%s%n", s.rejected(), s.passedOver() == 0 ? ""
        : "   (" + s.passedOver() + " of them scored well but not among the best of their wave, --select best)");
    out.printf("  accepted      %5d   (%.0f%% of drafts decided)%n", s.accepted(), 100 * s.acceptance());
    if (s.finalFailed() > 0) out.printf("  final failed  %5d   (blocked or errors; replaced by other drafts)%n", s.finalFailed());
    if (s.spare() > 0) out.printf("  spare         %5d   (passed the screen, not needed)%n", s.spare());
    if (s.notDrafted() > 0) out.printf("  not drafted   %5d   (planned, never called)%n", s.notDrafted());
    out.printf("  delivered     %5d of %d wanted%n", s.delivered(), s.wanted());
    Summary.Drift d = s.drift();
    if (d.measured() > 0) {
      out.printf("  drift         median %.0f, max %d bits of 64 from draft to final (route %s)%s%n", d.medianBits(), d.maxBits(), d.route(),
          d.flagged() > 0 ? "; " + d.flagged() + " flagged: look at them" : "");
    }
    Summary.Cost c = s.cost();
    out.printf("cost%s%n", c.simulated() ? " (simulated at list prices of " + c.priceTableDate() + "; the local backend bills nothing)" : "");
    out.printf("  drafts   %4d  %10s%n", c.draftCalls(), Usd.format(c.draftMicros()));
    out.printf("  finals   %4d  %10s%n", c.finalCalls(), Usd.format(c.finalMicros()));
    if (c.reviewMicros() > 0) out.printf("  review         %10s%n", Usd.format(c.reviewMicros()));
    if (c.wastedMicros() > 0 || c.retries() > 0) out.printf("  failures %4d retries, %s billed for no image%n", c.retries(), Usd.format(c.wastedMicros()));
    out.printf("  total          %10s%n", Usd.format(c.spentMicros()));
    if (c.baselineMicros() > 0) {
      out.printf("  all-standard   %10s   (%d keepers at %.0f%% acceptance = %.1f calls x %s)%n", Usd.format(c.baselineMicros()),
          s.delivered(), 100 * s.acceptance(), (double) c.baselineMicros() / Math.max(1, c.finalUnitMicros()), Usd.format(c.finalUnitMicros()));
      if (c.savingPct() >= 0) out.printf("  saving         %9.1f%%%n", c.savingPct());
      else out.printf("  two tiers cost %.1f%% MORE than all-standard would have: acceptance is above break-even%n", -c.savingPct());
    }
    if (s.note() != null) out.printf("note: %s%n", s.note());
    out.flush();
  }

  /**
   * Which screen checks each prompt skipped and why (asked by the job, or implied by the prompt's words); nothing
   * when every prompt had every check.
   */
  static void skippedChecks(java.util.List<PromptTarget> prompts, PrintWriter out) {
    if (prompts.stream().allMatch(p -> p.checks().skipped().isEmpty())) return;
    out.println("checks skipped");
    for (PromptTarget p : prompts) {
      for (String line : p.checks().describeSkips()) out.printf("  \"%s\": %s%n", p.prompt(), line);
    }
    out.flush();
  }

  static void json(Summary s, PrintWriter out) {
    json(s, out, java.util.List.of());
  }

  static void json(Summary s, PrintWriter out, java.util.List<PlanComparison.Row> plans) {
    json(s, out, plans, java.util.List.of());
  }

  /**
   * The summary as one JSON object, with the plans the run is compared with (empty: none) and the checks each of
   * {@code prompts} skipped ({@code skipped_checks}: prompt, check, why, by).
   */
  static void json(Summary s, PrintWriter out, java.util.List<PlanComparison.Row> plans, java.util.List<PromptTarget> prompts) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    Summary.Cost c = s.cost();
    o.put("batch", s.batchId());
    o.put("backend", s.backend());
    o.put("status", s.status());
    o.put("wanted", s.wanted());
    o.put("delivered", s.delivered());
    o.put("drafted", s.drafted());
    o.put("screened_out", s.screenedOut());
    ObjectNode reasons = o.putObject("screened_out_by_reason");
    s.screenedByReason().forEach(reasons::put);
    o.put("draft_failed", s.draftFailed());
    o.put("rejected", s.rejected());
    o.put("passed_over", s.passedOver());
    o.put("accepted", s.accepted());
    o.put("final_failed", s.finalFailed());
    o.put("spare", s.spare());
    o.put("acceptance", round(s.acceptance(), 4));
    o.put("spend_usd", Usd.usd(c.spentMicros()));
    o.put("draft_usd", Usd.usd(c.draftMicros()));
    o.put("final_usd", Usd.usd(c.finalMicros()));
    o.put("review_usd", Usd.usd(c.reviewMicros()));
    o.put("baseline_usd", Usd.usd(c.baselineMicros()));
    o.put("saving_pct", round(c.savingPct(), 1));
    o.put("simulated_cost", c.simulated());
    o.put("prices_as_of", c.priceTableDate());
    o.putObject("drift").put("route", s.drift().route()).put("median_bits", s.drift().medianBits())
        .put("max_bits", s.drift().maxBits()).put("flagged", s.drift().flagged());
    var finals = o.putArray("finals");
    s.finals().forEach(finals::add);
    if (s.note() != null) o.put("note", s.note());
    if (!plans.isEmpty()) {
      var array = o.putArray("plans_at_measured_acceptance");
      for (PlanComparison.Row r : plans) {
        array.addObject().put("plan", r.label()).put("usd", r.usd()).put("per_keeper_usd", r.perKeeperUsd()).put("this_run", r.thisRun());
      }
    }
    var skipped = o.putArray("skipped_checks");
    for (PromptTarget p : prompts) {
      p.checks().choices().forEach((check, choice) -> {
        if (choice.on()) return;
        skipped.addObject().put("prompt", p.prompt()).put("check", check.code())
            .put("why", choice.origin() == ScreenChecks.Origin.ASKED ? "asked" : "implied").put("by", choice.by());
      });
    }
    out.println(o.toString());
    out.flush();
  }

  private static BigDecimal round(double v, int places) {
    return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP);
  }
}
