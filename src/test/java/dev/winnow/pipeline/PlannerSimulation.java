package dev.winnow.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Benchmark, not a test: simulated batches comparing winnow's planner with the article's design (3x oversample,
 * sequential calls, stop at 3x want) and with the oracle (drafts exactly until want acceptances), on the same random
 * draws. Draft k is accepted iff draw k < true acceptance; decisions are taken in draft order, as the pipeline does.
 * Costs in standard units: a draft costs the price ratio, a final 1. Run with bench/planner/run.sh.
 */
public final class PlannerSimulation {
  record Result(double spend, int drafts, int delivered, double wallTime) {}

  public static void main(String[] args) {
    int want = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    double[] acceptances = {0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9};
    double[] ratios = {0.1, 0.25, 0.5, 0.75};
    // In flight as the pipeline paces it for the two wire-server scenarios (bench/gemini/pipeline.sh), between fixed levels.
    int quick = pacedInFlight(240, 1_500), slow = pacedInFlight(120, 8_000);
    int[] concurrencies = {1, 4, quick, 16, slow, 32};
    int widest = concurrencies.length - 1;
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "want %d, %d trials per cell, max drafts 20 x want; spend in standard units relative to the oracle.%n"
        + "In flight c=%d is what Pacing keeps for 240 rpm at 1.5 s drafts, c=%d for 120 rpm at 8 s drafts.%n%n", want, trials, quick, slow));
    md.append("| acceptance | ratio | winnow spend/oracle (c=" + joined(concurrencies) + ") | winnow overshoot drafts (c=32) | winnow short where the cap allowed want | article spend/oracle | article short (batches) | article delivered/want | wall time winnow c=32 / article |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    double worst = 0, sum = 0, worstPaced = 0, sumPaced = 0;
    int cells = 0, pacedCells = 0;
    for (double p : acceptances) {
      for (double r : ratios) {
        StringBuilder spends = new StringBuilder();
        double over32 = 0, articleSpend = 0, articleDelivered = 0, wallRatio = 0;
        int ourShort = 0, articleShort = 0;
        for (int ci = 0; ci < concurrencies.length; ci++) {
          double ratioSum = 0;
          for (int t = 0; t < trials; t++) {
            double[] draws = draws(t * 7919L + (long) (p * 1000) * 31 + (long) (r * 100), want * 20);
            Result oracle = oracle(draws, p, r, want);
            Result ours = winnow(draws, p, r, want, concurrencies[ci], new Random(t));
            ratioSum += ours.spend / oracle.spend;
            if (ours.delivered < want && oracle.delivered == want) ourShort++; // short where the cap allowed want
            if (ci == widest) {
              over32 += ours.drafts - oracle.drafts;
              Result article = article(draws, p, r, want);
              articleSpend += article.spend / oracle.spend;
              articleDelivered += (double) article.delivered / want;
              if (article.delivered < want) articleShort++;
              wallRatio += ours.wallTime / article.wallTime;
            }
          }
          double avg = ratioSum / trials;
          worst = Math.max(worst, avg);
          sum += avg;
          cells++;
          if (concurrencies[ci] == quick || concurrencies[ci] == slow) {
            worstPaced = Math.max(worstPaced, avg);
            sumPaced += avg;
            pacedCells++;
          }
          spends.append(String.format(Locale.ROOT, "%s%.3f", ci == 0 ? "" : ", ", avg));
        }
        md.append(String.format(Locale.ROOT, "| %.2f | %.2f | %s | %.1f | %d | %.3f | %d/%d | %.2f | %.3f |%n", p, r, spends,
            over32 / trials, ourShort, articleSpend / trials, articleShort, trials, articleDelivered / trials, wallRatio / trials));
      }
    }
    md.append(String.format(Locale.ROOT, "%nwinnow spend/oracle: mean %.4f over %d cells, worst cell %.4f%n", sum / cells, cells, worst));
    md.append(String.format(Locale.ROOT, "at the paced levels (c=%d, %d): mean %.4f over %d cells, worst cell %.4f%n", quick, slow,
        sumPaced / pacedCells, pacedCells, worstPaced));
    System.out.print(md);
  }

  /** Calls in flight the pipeline's pacing keeps to a model with {@code rpm} once it has seen {@code latencyMs}. */
  static int pacedInFlight(int rpm, long latencyMs) {
    Pacing pacing = new Pacing(Quota.local(rpm, m -> null), java.util.OptionalInt.empty(), Long.MAX_VALUE);
    pacing.seed("draft", latencyMs);
    return pacing.target("draft", 1);
  }

  private static String joined(int[] values) {
    StringBuilder s = new StringBuilder();
    for (int v : values) s.append(s.isEmpty() ? "" : ", ").append(v);
    return s.toString();
  }

  private static double[] draws(long seed, int n) {
    Random r = new Random(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = r.nextDouble();
    return d;
  }

  /** Drafts one at a time until the want-th acceptance. */
  static Result oracle(double[] draws, double p, double ratio, int want) {
    int accepted = 0, k = 0;
    while (accepted < want && k < draws.length) if (draws[k++] < p) accepted++;
    return new Result(k * ratio + accepted, k, accepted, k + accepted);
  }

  /** The article: 3x want drafts at most, one call at a time, a final right after each acceptance. */
  static Result article(double[] draws, double p, double ratio, int want) {
    int finals = 0, k = 0;
    while (k < 3 * want && finals < want) if (draws[k++] < p) finals++;
    return new Result(k * ratio + finals, k, finals, k + finals);
  }

  /** winnow's planner, event-driven: latencies ~ Exp(1) per draft, decisions in draft order, finals overlap drafts. */
  static Result winnow(double[] draws, double p, double ratio, int want, int concurrency, Random latency) {
    DraftPlanner planner = Planners.forJob(null);
    PriorityQueue<double[]> events = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
    List<Integer> arrived = new ArrayList<>();
    int next = 0, nextDecision = 0, committed = 0, decided = 0, acc = 0, inFlight = 0, running = 0, maxDrafts = draws.length;
    double now = 0;
    boolean[] done = new boolean[draws.length];
    while (true) {
      int n = Math.min(concurrency - running, planner.toDispatch(new DraftPlanner.Progress(want, committed, decided, acc, inFlight, next, maxDrafts)));
      for (int i = 0; i < n; i++) {
        events.add(new double[] {now - Math.log(1 - latency.nextDouble()), next++});
        inFlight++;
        running++;
      }
      if (events.isEmpty()) break;
      double[] e = events.poll();
      now = e[0];
      running--;
      done[(int) e[1]] = true;
      while (nextDecision < next && done[nextDecision]) {
        inFlight--;
        if (committed < want) {
          decided++;
          if (draws[nextDecision] < p) {
            acc++;
            committed++;
          }
        }
        nextDecision++;
      }
      if (committed >= want && running == 0) break;
    }
    return new Result(next * ratio + committed, next, committed, now + 1);
  }
}
