package dev.winnow.review;

import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A person in the web gallery. The pipeline hands over survivors; the gallery shows them ({@link #queue()}) and
 * calls {@link #decide}, {@link #rate} and {@link #undo}.
 *
 * <p>Every pick is written to the ledger's review log before {@code decide} returns, so a closed tab or a killed
 * process loses nothing. The pick is then held for the undo window before it goes to the pipeline: an accept buys a
 * final the moment the pipeline has it, and money spent cannot be undone. Within the window {@link #undo} takes the
 * pick back (an {@code undo} row in the log) and the candidate waits again; after it the pick is final. A pick that
 * is in the log but never reached the pipeline (the process died inside the window) is honoured when the pipeline
 * offers that candidate again on the next run.
 *
 * <p>Several people may review through one gallery at once. Each browser session is offered its own share of the
 * waiting candidates, and a candidate offered to one session is not offered to another while that session is
 * looking (it asks for its queue every second; an offer lapses {@link #OFFER_TTL} after the last ask), so no
 * candidate is decided by two people. Across processes the ledger does the same: the pipeline leases a candidate in
 * review to the process whose gallery offers it.
 */
public final class HumanReviewer implements Reviewer {
  public static final int DEFAULT_MAX_PENDING = 12;
  public static final Duration DEFAULT_UNDO_WINDOW = Duration.ofSeconds(5);
  /** How long a session's offers outlive its last look: a closed tab's candidates go to the others after this. */
  public static final Duration OFFER_TTL = Duration.ofSeconds(20);

  /**
   * @param maxPending survivors drafted ahead of the person, not counting picks held in the undo window
   * @param undoWindow how long a pick waits before the pipeline acts on it; zero hands it over at once
   */
  public record Settings(int maxPending, Duration undoWindow) {
    public Settings {
      if (maxPending < 1) throw new IllegalArgumentException("maxPending must be at least 1 (got " + maxPending + ")");
      if (undoWindow.isNegative()) throw new IllegalArgumentException("undoWindow must not be negative (got " + undoWindow + ")");
    }

    public static Settings defaults() {
      return new Settings(DEFAULT_MAX_PENDING, DEFAULT_UNDO_WINDOW);
    }
  }

  /** A candidate the pipeline is waiting on: undecided, or picked and held until {@code handOverAt}. */
  public record Waiting(Candidate candidate, Optional<Pick> held, Instant handOverAt) {}

  /** Asked for a candidate that is not waiting for this reviewer (already handed over, or never offered). */
  public static final class NotWaiting extends RuntimeException {
    NotWaiting(String message) {
      super(message);
    }
  }

  private final Ledger ledger;
  private final String batchId;
  private final Settings settings;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private final Map<Long, Slot> slots = new LinkedHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private final Map<String, Instant> sessionsSeen = new LinkedHashMap<>();
  private long seq;

  /** Mutable under {@link #lock}: one candidate the pipeline is waiting on. */
  private static final class Slot {
    final Candidate candidate;
    final CompletableFuture<Verdict> future = new CompletableFuture<>();
    Pick held;
    Integer rating;
    String reviewer;
    long order;
    Instant handOverAt;
    ScheduledFuture<?> handOver;
    /** The browser session this candidate is offered to, and until when; null when offered to nobody yet. */
    String offeredTo;
    Instant offeredUntil;

    Slot(Candidate candidate) {
      this.candidate = candidate;
    }
  }

  public HumanReviewer(Ledger ledger, String batchId, Settings settings, Clock clock) {
    this.ledger = ledger;
    this.batchId = batchId;
    this.settings = settings;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "winnow-review-handover");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String name() {
    return "human";
  }

  public String batchId() {
    return batchId;
  }

  public Duration undoWindow() {
    return settings.undoWindow();
  }


  /** Picks held in the undo window do not take buffer room: the person has already seen them. */
  @Override
  public int maxPending() {
    synchronized (lock) {
      int held = 0;
      for (Slot s : slots.values()) if (s.held != null) held++;
      return settings.maxPending() + held;
    }
  }

  @Override
  public CompletableFuture<Verdict> review(Candidate candidate, byte[] draft) {
    Optional<Verdict> recorded = recorded(candidate.id());
    if (recorded.isPresent()) return CompletableFuture.completedFuture(recorded.get());
    Slot slot = new Slot(candidate);
    synchronized (lock) {
      Slot old = slots.put(candidate.id(), slot);
      if (old != null) old.future.cancel(false);
    }
    version.incrementAndGet();
    return slot.future;
  }

  /**
   * The pick in the log for a candidate that the pipeline has not applied yet (it is offering the candidate, so it
   * is still awaiting review), as the verdict to apply now.
   */
  public Optional<Verdict> recorded(long candidateId) {
    Decision d = Decision.fold(ledger.reviews(batchId)).get(candidateId);
    if (d == null || d.pick().isEmpty()) return Optional.empty();
    String who = d.reviewer() == null ? name() : d.reviewer();
    return Optional.of(new Verdict(d.pick().get() == Pick.ACCEPT, d.rating(), who, "picked in the gallery at " + d.at() + ", applied on a later run", BigDecimal.ZERO));
  }

  /** Candidates waiting for this person, oldest first. */
  public List<Waiting> queue() {
    synchronized (lock) {
      List<Waiting> out = new ArrayList<>();
      for (Slot s : slots.values()) out.add(new Waiting(s.candidate, Optional.ofNullable(s.held), s.handOverAt));
      return out;
    }
  }

  /**
   * The candidates offered to one browser session, oldest first: the ones it already has (renewed), plus free ones
   * (never offered, or whose session stopped looking) up to its share of the buffer among the sessions looking now.
   */
  public List<Waiting> queueFor(String session) {
    String me = session == null ? "" : session;
    Instant now = clock.instant();
    List<Waiting> out = new ArrayList<>();
    boolean changed = false;
    synchronized (lock) {
      sessionsSeen.put(me, now);
      sessionsSeen.values().removeIf(seen -> seen.plus(OFFER_TTL).isBefore(now));
      int share = Math.max(1, (settings.maxPending() + sessionsSeen.size() - 1) / sessionsSeen.size());
      Map<String, Integer> open = new HashMap<>();
      for (Slot s : slots.values()) {
        if (s.held == null && s.offeredTo != null && !s.offeredUntil.isBefore(now)) open.merge(s.offeredTo, 1, Integer::sum);
      }
      // Free candidates first, oldest first; then, for a reviewer who arrived late, the newest undecided ones of
      // whoever holds more than a share (that page shows them gone at its next look; a pick on one is refused).
      for (Slot s : slots.values()) {
        if (open.getOrDefault(me, 0) >= share) break;
        boolean free = s.offeredTo == null || s.offeredUntil.isBefore(now);
        if (s.held != null || !free || me.equals(s.offeredTo)) continue;
        s.offeredTo = me;
        open.merge(me, 1, Integer::sum);
        changed = true;
      }
      List<Slot> newestFirst = new ArrayList<>(slots.values());
      java.util.Collections.reverse(newestFirst);
      for (Slot s : newestFirst) {
        if (open.getOrDefault(me, 0) >= share) break;
        if (s.held != null || s.offeredTo == null || me.equals(s.offeredTo) || open.getOrDefault(s.offeredTo, 0) <= share) continue;
        open.merge(s.offeredTo, -1, Integer::sum);
        s.offeredTo = me;
        open.merge(me, 1, Integer::sum);
        changed = true;
      }
      for (Slot s : slots.values()) {
        if (!me.equals(s.offeredTo)) continue;
        s.offeredUntil = now.plus(OFFER_TTL);
        out.add(new Waiting(s.candidate, Optional.ofNullable(s.held), s.handOverAt));
      }
    }
    if (changed) version.incrementAndGet();
    return out;
  }

  /** What a page opened without a session may show: candidates nobody is looking at, without offering them. */
  public List<Waiting> unoffered() {
    Instant now = clock.instant();
    synchronized (lock) {
      List<Waiting> out = new ArrayList<>();
      for (Slot s : slots.values()) {
        if (s.offeredTo == null || s.offeredUntil.isBefore(now)) out.add(new Waiting(s.candidate, Optional.ofNullable(s.held), s.handOverAt));
      }
      return out;
    }
  }

  /** Grows with every change a gallery should redraw for (a new candidate, a pick, an undo, a hand-over). */
  public long version() {
    return version.get();
  }

  /**
   * Records a pick for a waiting candidate and holds it for the undo window. Picking again inside the window replaces
   * the earlier pick and starts the window again.
   *
   * @throws NotWaiting if the candidate is not waiting for a person (already handed over, or not offered)
   */
  public void decide(long candidateId, Pick pick, Integer rating, String reviewer) {
    decide(candidateId, pick, rating, reviewer, null);
  }

  /**
   * As {@link #decide(long, Pick, Integer, String)}, from one browser session: refused when the candidate is offered
   * to another session that is still looking.
   *
   * @throws NotWaiting if the candidate is not waiting, or is another session's to pick
   */
  public void decide(long candidateId, Pick pick, Integer rating, String reviewer, String session) {
    String who = reviewerName(reviewer);
    String me = session == null ? "" : session;
    long order;
    synchronized (lock) {
      Slot s = waiting(candidateId);
      Instant now = clock.instant();
      if (s.offeredTo != null && !s.offeredTo.equals(me) && !s.offeredUntil.isBefore(now)) {
        throw new NotWaiting("candidate " + candidateId + " is offered to another reviewer; it is theirs to pick");
      }
      s.offeredTo = me;
      s.offeredUntil = now.plus(OFFER_TTL);
      Integer r = rating != null ? rating : s.rating;
      ledger.recordReview(candidateId, pick.code(), r, who);
      if (s.handOver != null) s.handOver.cancel(false);
      s.held = pick;
      s.rating = r;
      s.reviewer = who;
      s.order = order = ++seq;
      s.handOverAt = clock.instant().plus(settings.undoWindow());
      s.handOver = settings.undoWindow().isZero()
          ? null
          : timer.schedule(() -> handOver(candidateId, order), settings.undoWindow().toMillis(), TimeUnit.MILLISECONDS);
    }
    version.incrementAndGet();
    if (settings.undoWindow().isZero()) handOver(candidateId, order);
  }

  /** Records a 1-5 rating for any candidate of this batch; a waiting one carries it into its verdict. */
  public void rate(long candidateId, int rating, String reviewer) {
    if (rating < 1 || rating > 5) throw new IllegalArgumentException("rating must be 1..5 (got " + rating + ")");
    Candidate c = ledger.candidate(candidateId);
    if (!c.batchId().equals(batchId)) throw new NotWaiting("candidate " + candidateId + " is not in batch " + batchId);
    synchronized (lock) {
      ledger.recordReview(candidateId, Decision.RATE, rating, reviewerName(reviewer));
      Slot s = slots.get(candidateId);
      if (s != null) s.rating = rating;
    }
    version.incrementAndGet();
  }

  /**
   * Takes back the most recent pick still inside its undo window; the candidate waits for a person again. Empty when
   * no pick can be taken back (none made, or every one already handed over to the pipeline).
   */
  public OptionalLong undo(String reviewer) {
    return undo(reviewer, null);
  }

  /** As {@link #undo(String)}, taking back only a pick this browser session made. */
  public OptionalLong undo(String reviewer, String session) {
    String me = session == null ? "" : session;
    long id;
    synchronized (lock) {
      Slot latest = null;
      for (Slot s : slots.values()) {
        if (s.held != null && me.equals(s.offeredTo) && (latest == null || s.order > latest.order)) latest = s;
      }
      if (latest == null) return OptionalLong.empty();
      ledger.recordReview(latest.candidate.id(), Decision.UNDO, latest.rating, reviewerName(reviewer));
      if (latest.handOver != null) latest.handOver.cancel(false);
      latest.held = null;
      latest.handOver = null;
      latest.handOverAt = null;
      id = latest.candidate.id();
    }
    version.incrementAndGet();
    return OptionalLong.of(id);
  }

  /** The window is over: the pick goes to the pipeline (an accept starts its paid final now). */
  private void handOver(long candidateId, long order) {
    Slot s;
    synchronized (lock) {
      s = slots.get(candidateId);
      if (s == null || s.held == null || s.order != order) return; // undone or picked again meanwhile
      slots.remove(candidateId);
    }
    version.incrementAndGet();
    // Completed outside the lock: the pipeline records the new state and may start a final in this thread.
    s.future.complete(new Verdict(s.held == Pick.ACCEPT, s.rating, s.reviewer, "picked in the gallery", BigDecimal.ZERO));
  }

  private Slot waiting(long candidateId) {
    Slot s = slots.get(candidateId);
    if (s == null) throw new NotWaiting("candidate " + candidateId + " is not waiting for review (already handed over, or not offered yet)");
    return s;
  }

  private String reviewerName(String given) {
    if (given == null || given.isBlank()) return name();
    return name() + ":" + given.strip();
  }

  /** Stops the hand-over timer. Picks still held stay in the log and are applied on the next run. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
