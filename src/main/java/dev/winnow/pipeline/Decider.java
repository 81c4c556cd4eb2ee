package dev.winnow.pipeline;

import dev.winnow.cost.Usd;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Ledger.PromptCounts;
import dev.winnow.screen.Fingerprint;
import dev.winnow.screen.RejectReason;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenVerdict;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The decisions of one batch, taken by one process at a time (it holds the batch's decider lease): screen drafted
 * candidates in draft order, send survivors to review while keepers are still needed (the rest wait as spares),
 * plan new drafts, take back a stopped worker's work, and end the batch. Every pass reads the ledger afresh, so
 * any process can take over from another: recovery is a query, not a procedure.
 */
final class Decider {
  private final BatchContext ctx;
  private final Screen screen;
  private final DraftPlanner planner;
  private final ReviewLimits review;
  private final IntSupplier draftTarget;
  private final Set<Long> remembered = new HashSet<>();
  private boolean rememberedOthers;
  private volatile boolean holding;
  private long takenAt;
  private long lastReclaim;
  private boolean warned80;

  /** What the gate and the planner know of this process's reviewer. */
  interface ReviewLimits {
    /** Candidates undecided at once before drafting waits for the reviewer. */
    int maxPending();

    /** The most one review may cost, kept free under the cap. */
    long maxReviewMicros();

    /** A paid review found no room under the cap: send no one else. */
    boolean unaffordable();
  }

  Decider(BatchContext ctx, Screen screen, DraftPlanner planner, ReviewLimits review, IntSupplier draftTarget) {
    this.ctx = ctx;
    this.screen = screen;
    this.planner = planner;
    this.review = review;
    this.draftTarget = draftTarget;
  }

  /** Whether this process decides for the batch now (it held the decider lease at its last pass). */
  boolean holding() {
    return holding;
  }

  /** One pass; false when another process decides for this batch now. */
  boolean pass() {
    Worker w = ctx.worker();
    Ledger ledger = ctx.ledger();
    // Taking the role is a write; while held, the heartbeat renews it, so it is taken again only now and then.
    if (!holding || w.now() - takenAt > Worker.LEASE.toMillis() / 3) {
      if (!ledger.workers().takeDecider(ctx.batchId(), w.id(), w.now(), w.leaseUntil())) {
        holding = false;
        return false;
      }
      takenAt = w.now();
    }
    if (!holding) rememberKept();
    holding = true;
    if (w.now() - lastReclaim > 1_000) {
      lastReclaim = w.now();
      int freed = ledger.claims().reclaim(ctx.batchId(), w.goneWorkers(), w.now());
      if (freed > 0) ctx.signal().poke();
    }
    boolean changed = screenReady();
    Map<Integer, PromptCounts> counts = ledger.promptCounts(ctx.batchId());
    Budget budget = new Budget();
    if (gate(counts, budget)) {
      changed = true;
      counts = ledger.promptCounts(ctx.batchId());
    }
    if (best() && selectBest(counts, false)) {
      changed = true;
      counts = ledger.promptCounts(ctx.batchId());
    }
    if (plan(counts, budget)) {
      changed = true;
      counts = ledger.promptCounts(ctx.batchId());
    }
    if (changed) ctx.signal().poke();
    else finishIfSettled(counts, budget);
    return true;
  }

  // ---- the screen, in draft order

  /**
   * What the screen compares new drafts with: earlier batches' keepers, and this batch's survivors that another
   * process screened (or an earlier run did). Rows from before fingerprints were stored are fingerprinted again
   * from the draft on disk; earlier batches' such rows are left out rather than matched on the hash alone.
   */
  private void rememberKept() {
    if (!rememberedOthers) {
      for (Ledger.KeptHash kept : ctx.ledger().keptHashes(ctx.batchId())) stored(kept.fingerprint()).ifPresent(f -> screen.remember(kept.key(), f));
      rememberedOthers = true;
    }
    for (Candidate c : ctx.ledger().candidates(ctx.batchId())) {
      if (c.phash() == null || c.state() == CandidateState.SCREENED_OUT || !remembered.add(c.id())) continue;
      Optional<Fingerprint> f = stored(c.fingerprint());
      if (f.isEmpty() && c.draftFile() != null) f = Screen.fingerprint(ctx.readDraft(c));
      f.ifPresent(fp -> screen.remember(c.key(), fp));
    }
  }

  private boolean screenReady() {
    List<Candidate> ready = ctx.ledger().readyToScreen(ctx.batchId(), 64);
    for (Candidate c : ready) screenOne(c);
    return !ready.isEmpty();
  }

  private void screenOne(Candidate c) {
    ScreenVerdict v = screen.check(c.key(), ctx.readDraft(c), ctx.job().aspect(), c.instructions().draftSize(),
        ctx.job().prompts().get(c.promptIndex()).checks().skipped());
    Change change = Change.none();
    if (v.metrics().isPresent()) {
      var m = v.metrics().get();
      change = change.withMetrics(new Change.Metrics(m.width(), m.height(), m.brightness(), m.contrast(), m.sharpness(), m.hash(),
          v.fingerprint().map(Fingerprint::toBytes).orElse(null)));
    }
    if (v.pass()) {
      remembered.add(c.id());
      ctx.ledger().transition(c.id(), CandidateState.DRAFTED, CandidateState.AWAITING_REVIEW, change);
      return;
    }
    List<String> reasons = v.reasons().stream().map(RejectReason::code).toList();
    ctx.ledger().transition(c.id(), CandidateState.DRAFTED, CandidateState.SCREENED_OUT,
        change.withReasons(reasons).withDuplicateOf(v.duplicateOf().orElse(null)));
  }

  // ---- the review gate and the planner

  /** The money side of a pass: what is free under the cap, and whether the cap stopped something. */
  private final class Budget {
    // What a claim will reserve for each (its lane's worst case and the thinking ceiling included), so what the
    // planner counts as affordable is what a claim can take: a final planned for must be claimable, or it waits forever.
    final long draft = reserve("draft", dev.winnow.spec.Tier.DRAFT);
    final long fin = reserve("final", dev.winnow.spec.Tier.FINAL);

    private long reserve(String purpose, dev.winnow.spec.Tier tier) {
      var in = ctx.job().instructions(0, ctx.job().firstSeed());
      var request = tier == dev.winnow.spec.Tier.DRAFT ? dev.winnow.generate.GenerationRequest.draft(in) : dev.winnow.generate.GenerationRequest.fromSeed(in);
      return ctx.calls().hold(purpose, ctx.job().dress(request)).micros();
    }
    boolean blocked;

    /** Room under the cap, less the drafts planned whose claims have not reserved yet. */
    long room() {
      long room = ctx.ledger().claims().budgetRoom(ctx.batchId());
      if (room == Long.MAX_VALUE) return room;
      warnAt80(room);
      return room - draft * ctx.ledger().claims().unreservedPlanned(ctx.batchId());
    }

    boolean fits(long micros) {
      boolean fits = room() >= micros;
      if (!fits) blocked = true;
      return fits;
    }
  }

  /** Sends survivors to review, lowest draft first, while keepers are still needed; the rest wait as spares. */
  private boolean gate(Map<Integer, PromptCounts> counts, Budget budget) {
    if (best()) return gateWave(counts, budget);
    boolean changed = false;
    int owed = 0;
    for (PromptCounts p : counts.values()) owed += p.count(CandidateState.ACCEPTED) + p.count(CandidateState.IN_REVIEW);
    for (PromptCounts p : counts.values()) {
      int need = wanted(p.promptIndex()) - committed(p) - p.count(CandidateState.IN_REVIEW);
      if (need <= 0 || p.count(CandidateState.AWAITING_REVIEW) == 0) continue;
      if (review.unaffordable()) {
        budget.blocked = true;
        continue;
      }
      for (Candidate c : ctx.ledger().firstInState(ctx.batchId(), p.promptIndex(), CandidateState.AWAITING_REVIEW, need)) {
        if (!budget.fits(review.maxReviewMicros() + budget.fin * (owed + 1L))) return changed;
        ctx.ledger().transition(c.id(), CandidateState.AWAITING_REVIEW, CandidateState.IN_REVIEW, Change.none());
        owed++;
        changed = true;
      }
    }
    return changed;
  }

  /**
   * {@code --select best}: every survivor of a prompt still short of keepers is reviewed (scored), not only as many
   * as are needed; the finals owed are what the prompts still need, however many drafts are scored for them.
   */
  private boolean gateWave(Map<Integer, PromptCounts> counts, Budget budget) {
    boolean changed = false;
    long owed = 0;
    for (PromptCounts p : counts.values()) owed += p.count(CandidateState.ACCEPTED) + Math.max(0, wanted(p.promptIndex()) - committed(p));
    for (PromptCounts p : counts.values()) {
      int waiting = p.count(CandidateState.AWAITING_REVIEW);
      if (wanted(p.promptIndex()) - committed(p) <= 0 || waiting == 0) continue;
      if (review.unaffordable()) {
        budget.blocked = true;
        continue;
      }
      for (Candidate c : ctx.ledger().firstInState(ctx.batchId(), p.promptIndex(), CandidateState.AWAITING_REVIEW, waiting)) {
        if (!budget.fits(review.maxReviewMicros() + budget.fin * owed)) return changed;
        ctx.ledger().transition(c.id(), CandidateState.AWAITING_REVIEW, CandidateState.IN_REVIEW, Change.none());
        changed = true;
      }
    }
    return changed;
  }

  /**
   * {@code --select best}: once nothing of a prompt is left to draft or score, its best scored drafts become
   * keepers ({@link BestOf}) and the others are rejected with the reason. When the wave left fewer than are needed,
   * all of them are chosen and the planner drafts for the rest. {@code now}: choose among what is scored even with
   * drafts still waiting, because nothing more can move (the budget holds them back).
   */
  private boolean selectBest(Map<Integer, PromptCounts> counts, boolean now) {
    boolean changed = false;
    for (int i = 0; i < ctx.job().prompts().size(); i++) {
      PromptCounts p = counts(counts, i);
      int drafted = p.byState().values().stream().mapToInt(Integer::intValue).sum();
      boolean waveDone = inFlight(p) == 0 && (drafted >= ctx.job().selection().wave(wanted(i)) || drafted >= ctx.job().maxDraftsFor(i));
      if (p.count(CandidateState.SCORED) == 0 || !(now || waveDone)) continue;
      int need = Math.max(0, wanted(i) - committed(p));
      List<Candidate> scored = ctx.ledger().firstInState(ctx.batchId(), i, CandidateState.SCORED, Integer.MAX_VALUE);
      List<Candidate> kept = new java.util.ArrayList<>();
      for (CandidateState s : List.of(CandidateState.ACCEPTED, CandidateState.RENDERED, CandidateState.DELIVERED)) {
        kept.addAll(ctx.ledger().firstInState(ctx.batchId(), i, s, Integer.MAX_VALUE));
      }
      BestOf.Choice choice = BestOf.choose(scored, kept, need, screen.settings().duplicateDistance());
      int rank = 0;
      for (Candidate c : choice.chosen()) {
        rank++;
        ctx.ledger().transition(c.id(), CandidateState.SCORED, CandidateState.ACCEPTED, Change.none().withNote(
            String.format(java.util.Locale.ROOT, "best %d of %d scored (score %.2f)", rank, scored.size(), c.score() == null ? 0 : c.score())));
      }
      choice.passedOver().forEach((c, why) -> ctx.ledger().transition(c.id(), CandidateState.SCORED, CandidateState.REJECTED,
          Change.none().withReasons(List.of(why.code())).withDuplicateOf(why.near() == null ? null : why.near().key()).withNote(why.why())));
      changed = true;
    }
    return changed;
  }

  /**
   * Plans new drafts where the planner says more are needed, as far as the quota can use them now (calls in flight
   * follow rpm × latency), the reviewer can keep up, and the budget holds each draft with the final it may lead to.
   */
  private boolean plan(Map<Integer, PromptCounts> counts, Budget budget) {
    int planned = 0, undecided = 0;
    long owed = 0;
    for (int i = 0; i < ctx.job().prompts().size(); i++) {
      PromptCounts p = counts(counts, i);
      planned += p.count(CandidateState.PLANNED);
      undecided += inFlight(p);
      owed += committed(p) - p.count(CandidateState.DELIVERED) + Math.min(inFlight(p) + p.count(CandidateState.SCORED), Math.max(0, wanted(i) - committed(p)));
    }
    int paceRoom = draftTarget.getAsInt() - planned;
    int reviewRoom = review.maxPending() - undecided;
    boolean changed = false;
    for (int i = 0; i < ctx.job().prompts().size() && paceRoom > 0 && reviewRoom > 0; i++) {
      PromptCounts p = counts(counts, i);
      int n = planner.toDispatch(progress(p, i));
      n = Math.min(n, Math.min(paceRoom, reviewRoom));
      int ordinal = p.nextOrdinal();
      int needed = wanted(i) - committed(p);
      int inFlight = inFlight(p) + p.count(CandidateState.SCORED);
      for (int k = 0; k < n; k++) {
        if (!budget.fits(budget.draft + review.maxReviewMicros() + budget.fin * (owed + 1))) return changed;
        ctx.ledger().plan(ctx.batchId(), i, ordinal, ctx.job().instructions(i, ctx.job().firstSeed() + ordinal));
        ordinal++;
        if (inFlight++ < needed) owed++;
        paceRoom--;
        reviewRoom--;
        changed = true;
      }
    }
    return changed;
  }

  private DraftPlanner.Progress progress(PromptCounts p, int promptIndex) {
    // Under --select best a scored draft is as good as committed: it is chosen, or loses only to a better one.
    int committed = committed(p) + p.count(CandidateState.SCORED);
    int acceptedOfDecided = committed + p.finalFailed();
    int decided = acceptedOfDecided + p.count(CandidateState.SCREENED_OUT) + p.count(CandidateState.REJECTED);
    int drafted = p.byState().values().stream().mapToInt(Integer::intValue).sum();
    return new DraftPlanner.Progress(wanted(promptIndex), committed, decided, acceptedOfDecided, inFlight(p), drafted,
        ctx.job().maxDraftsFor(promptIndex));
  }

  // ---- the end

  /**
   * Ends the batch when nothing is left to do: every prompt delivered (done), or nothing in flight and the next
   * step either unaffordable (budget) or impossible (--max-drafts ran out: short).
   */
  private void finishIfSettled(Map<Integer, PromptCounts> counts, Budget budget) {
    int delivered = 0;
    boolean allDelivered = true;
    int active = 0, planned = 0, accepted = 0, scored = 0;
    for (int i = 0; i < ctx.job().prompts().size(); i++) {
      PromptCounts p = counts(counts, i);
      delivered += p.count(CandidateState.DELIVERED);
      if (p.count(CandidateState.DELIVERED) < wanted(i)) allDelivered = false;
      active += p.count(CandidateState.DRAFTED) + p.count(CandidateState.IN_REVIEW) + p.count(CandidateState.RENDERED);
      scored += p.count(CandidateState.SCORED);
      planned += p.count(CandidateState.PLANNED);
      accepted += p.count(CandidateState.ACCEPTED);
    }
    int wanted = ctx.job().wantTotal();
    if (allDelivered) {
      finish(BatchStatus.DONE, null);
      return;
    }
    if (active > 0 || ctx.ledger().claims().reservationCount(ctx.batchId()) > 0) return;
    if (planned + accepted > 0) {
      // Work nobody is calling for: a claim will take it unless the cap leaves no room for its price.
      long room = ctx.ledger().claims().budgetRoom(ctx.batchId());
      if ((planned > 0 && room >= budget.draft) || (accepted > 0 && room >= budget.fin)) return;
      budget.blocked = true;
    }
    if (scored > 0) {
      // Nothing else can move: the best of what is scored becomes keepers now rather than never.
      selectBest(counts, true);
      ctx.signal().poke();
      return;
    }
    if (budget.blocked) {
      finish(BatchStatus.BUDGET, "budget cap reached: delivered " + delivered + " of " + wanted + " keepers wanted");
    } else {
      finish(BatchStatus.SHORT, "delivered only " + delivered + " of " + wanted + " keepers wanted: --max-drafts " + ctx.job().maxDrafts()
          + " ran out (acceptance was too low; raise --max-drafts or loosen the screen)");
    }
  }

  private void finish(BatchStatus status, String message) {
    if (status == BatchStatus.BUDGET) ctx.progress().notice("budget: no room for another draft and its final; stopping with what is delivered");
    ctx.ledger().finishRunning(ctx.batchId(), status, message);
    ctx.signal().poke();
  }

  private void warnAt80(long room) {
    if (warned80) return;
    Optional<Long> cap = ctx.ledger().budgetMicros(ctx.batchId());
    if (cap.isEmpty() || (cap.get() - room) * 5 < cap.get() * 4) return;
    warned80 = true;
    long spent = ctx.ledger().spentMicros(ctx.batchId());
    ctx.progress().notice("budget: 80% of " + Usd.format(cap.get()) + " committed (" + Usd.format(spent) + " spent, "
        + Usd.format(cap.get() - room - spent) + " in flight)");
  }

  // ---- counting

  private boolean best() {
    return ctx.job().selection().best();
  }

  private int wanted(int promptIndex) {
    return ctx.job().prompts().get(promptIndex).want();
  }

  private static int committed(PromptCounts p) {
    return p.count(CandidateState.ACCEPTED) + p.count(CandidateState.RENDERED) + p.count(CandidateState.DELIVERED);
  }

  /** Drafts whose fate is not known yet: planned, drafting, awaiting the screen or review (spares included). */
  private static int inFlight(PromptCounts p) {
    return p.count(CandidateState.PLANNED) + p.count(CandidateState.DRAFTED) + p.count(CandidateState.AWAITING_REVIEW)
        + p.count(CandidateState.IN_REVIEW);
  }

  private static PromptCounts counts(Map<Integer, PromptCounts> counts, int promptIndex) {
    return counts.getOrDefault(promptIndex, new PromptCounts(promptIndex, Map.of(), 0, 0));
  }

  /** A fingerprint as the ledger stores it, or empty when there is none or it is of another format. */
  private static Optional<Fingerprint> stored(byte[] bytes) {
    if (bytes == null) return Optional.empty();
    try {
      return Optional.of(Fingerprint.fromBytes(bytes));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
