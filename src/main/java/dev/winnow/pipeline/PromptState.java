package dev.winnow.pipeline;

import dev.winnow.ledger.Candidate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** One prompt's counters and its in-order decision queue. Guarded by the batch run's lock; no logic of its own. */
final class PromptState {
  final int index;
  final int wanted;
  final int maxDrafts;
  int nextOrdinal;
  int drafted;
  int inFlight;
  int decided;
  int acceptedOfDecided;
  int committed;
  int delivered;
  int reviewing;
  /** Ordinals drafted but not yet decided, in draft order: decisions are taken strictly in this order. */
  final TreeSet<Integer> pending = new TreeSet<>();
  /** Draft results that arrived, waiting for their turn. */
  final Map<Integer, Arrival> arrived = new HashMap<>();
  /** Screened survivors not sent to review because enough were already accepted; used first if a final fails. */
  final Deque<Candidate> spares = new ArrayDeque<>();

  PromptState(int index, int wanted, int maxDrafts) {
    this.index = index;
    this.wanted = wanted;
    this.maxDrafts = maxDrafts;
  }

  DraftPlanner.Progress progress() {
    // Spares await review too: the planner must count them, or a slow reviewer makes it draft on to --max-drafts.
    return new DraftPlanner.Progress(wanted, committed, decided, acceptedOfDecided, inFlight + spares.size(), drafted, maxDrafts);
  }

  boolean satisfied() {
    return delivered >= wanted;
  }

  /** What a draft came to, as the in-order decider sees it. */
  record Arrival(Candidate candidate, Kind kind) {
    enum Kind {
      /** An image on disk, to screen. */
      IMAGE,
      /** Already screened (a resumed batch): straight to review. */
      SCREENED,
      /** Blocked by the provider: counts as screened out. */
      BLOCKED,
      /** No image and no verdict: the call failed or never ran. */
      NOTHING
    }
  }
}
