package dev.winnow.cli;

import dev.winnow.WinnowException;
import dev.winnow.cost.Acceptance;
import dev.winnow.cost.Plan;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Router;
import dev.winnow.generate.Lane;
import dev.winnow.job.Job;
import dev.winnow.job.PromptTarget;
import dev.winnow.ledger.Ledger;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code --route auto}: the router's cheapest plan for this job, applied to it (one tier or two, a lane per tier),
 * from the acceptance measured for its prompts, else the one stated with {@code --expect-acceptance}, else the
 * article's 35%. Plans that cannot run yet (finals on the Batch lane) are left out, and so is what the deadline rules out.
 */
final class Routing {
  /** Decided drafts a measured acceptance needs before it outweighs a stated prior. */
  static final int ENOUGH = 20;
  static final double ARTICLE_ACCEPTANCE = 0.35;

  private Routing() {}

  static Job route(Job job, Ledger ledger, PriceTable prices, Double expected, Optional<Duration> deadline, PrintStream err) {
    Set<String> prompts = job.prompts().stream().map(PromptTarget::prompt).collect(Collectors.toSet());
    int decided = 0, accepted = 0;
    for (Ledger.PromptRecord r : ledger.acceptanceByPrompt()) {
      if (!prompts.contains(r.prompt())) continue;
      decided += r.decided();
      accepted += r.accepted();
    }
    double acceptance;
    String source;
    if (decided >= ENOUGH) {
      acceptance = new Acceptance(decided, accepted).rate();
      source = "measured on " + decided + " drafts of these prompts";
    } else if (expected != null) {
      acceptance = expected;
      source = "as stated (--expect-acceptance)";
    } else {
      acceptance = ARTICLE_ACCEPTANCE;
      source = "assumed (the article's; no history yet: give --expect-acceptance)";
    }
    acceptance = Math.max(0.01, Math.min(1, acceptance));
    List<Router.Costed> plans = new Router(prices).plans(job.wantTotal(), acceptance, job.draftModel(), job.finalModel(), job.finalSize(),
        BigDecimal.ZERO, deadline);
    if (plans.isEmpty()) throw new WinnowException("--route auto: no plan fits" + deadline.map(d -> " the deadline").orElse("") + " with the prices known", WinnowException.USAGE);
    Router.Costed pick = plans.get(0);
    Plan p = pick.plan();
    err.printf(Locale.ROOT, "winnow: route auto: %s, expected %s for %d keepers at %.0f%% acceptance (%s)%n", p.label(),
        money(pick.usd()), job.wantTotal(), 100 * acceptance, source);
    String beaten = plans.stream().skip(1).filter(c -> List.of("all standard", "two tiers, both on standard").contains(c.plan().label()))
        .map(c -> c.plan().label() + " " + money(c.usd())).collect(Collectors.joining(", "));
    if (!beaten.isEmpty()) err.println("winnow: route auto: instead of " + beaten);
    if (p.draft().isEmpty()) {
      // One tier: every candidate is made on the final model and is its own final.
      Set<Integer> all = IntStream.range(0, job.prompts().size()).boxed().collect(Collectors.toSet());
      return job.withDirect(all).withLanes(p.fin().lane(), p.fin().lane());
    }
    return job.withLanes(p.draft().get().lane(), p.fin().lane());
  }

  private static String money(BigDecimal usd) {
    return "$" + usd.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
  }
}
