package dev.winnow.pipeline;

import dev.winnow.cost.Plan;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Router;
import dev.winnow.job.Job;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * After a run: what the plans it did not take would have cost for the same keepers at the acceptance it measured,
 * beside the plan it took, so the next batch can be routed on what was learned.
 */
public final class PlanComparison {
  /** One plan's expected cost at the measured acceptance; {@code thisRun} marks the plan the run took. */
  public record Row(String label, BigDecimal usd, BigDecimal perKeeperUsd, boolean thisRun) {}

  private PlanComparison() {}

  public static List<Row> rows(Summary s, Job job, PriceTable prices) {
    double acceptance = s.acceptance();
    if (s.delivered() == 0 || acceptance <= 0) return List.of();
    List<Router.Costed> plans = new Router(prices).plans(s.delivered(), acceptance, job.draftModel(), job.finalModel(), job.finalSize(),
        BigDecimal.ZERO, Optional.empty());
    String taken = label(job);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      Router.Costed c = plans.get(i);
      String label = c.plan().label();
      boolean mine = label.equals(taken);
      // the cheapest three, the all-standard baseline, and the one this run took
      if (i < 3 || mine || label.equals("all standard")) out.add(new Row(label, c.usd(), c.perKeeperUsd(), mine));
    }
    return out;
  }

  public static void print(List<Row> rows, Summary s, PrintWriter out) {
    if (rows.isEmpty()) return;
    out.printf("plans for these %d keepers at the %.0f%% acceptance measured (expected cost, cheapest first):%n", s.delivered(), 100 * s.acceptance());
    for (Row r : rows) {
      out.printf("  %-48s %10s  %s/keeper%s%n", r.label(), "$" + r.usd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(),
          "$" + r.perKeeperUsd().toPlainString(), r.thisRun() ? "   <- this run's plan" : "");
    }
    out.flush();
  }

  /** The plan a job runs, in the router's words. */
  private static String label(Job job) {
    boolean single = job.direct().size() == job.prompts().size();
    Plan.Step fin = new Plan.Step(job.finalModel(), job.finalSize(), job.finalLane(), BigDecimal.ZERO);
    Plan.Step draft = new Plan.Step(job.draftModel(), job.draftSize(), job.draftLane(), BigDecimal.ZERO);
    return (single ? Plan.singleTier(fin) : Plan.twoTier(draft, fin)).label();
  }
}
