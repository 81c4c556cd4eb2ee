package dev.winnow.pipeline;

import dev.winnow.job.Job;

/** The planner a job runs with. */
public final class Planners {
  private Planners() {}

  public static DraftPlanner forJob(Job job) {
    return job.selection().best() ? new BestOfPlanner(job.selection()) : new ExpectedValuePlanner();
  }

  /**
   * {@code --select best}: a first wave of {@code want × oversample} drafts per prompt, whatever becomes of them (the
   * best are chosen among all of it), then, only if the wave left too few to choose from and once it is all decided,
   * drafts at the measured acceptance as {@link ExpectedValuePlanner} does: the article's fixed oversample, without its
   * under-delivery.
   * Drafts that are scored count as committed, since each either is chosen or lost to a better one.
   */
  static final class BestOfPlanner implements DraftPlanner {
    private final dev.winnow.job.Selection selection;
    private final ExpectedValuePlanner topUp = new ExpectedValuePlanner();

    BestOfPlanner(dev.winnow.job.Selection selection) {
      this.selection = selection;
    }

    @Override
    public int toDispatch(Progress p) {
      int room = p.maxDrafts() - p.drafted();
      if (room <= 0) return 0;
      // The wave is drafted whole even once enough drafts are scored: the point is to choose among all of it (the
      // best are chosen only after it, so no keeper is chosen before the wave is).
      int wave = selection.wave(p.wanted());
      if (p.drafted() < wave) return Math.min(wave - p.drafted(), room);
      // Top up only once the wave is decided: until then its drafts may yet be chosen, and a person choosing from
      // the wave should not find more arriving behind it.
      if (p.inFlight() > 0) return 0;
      return topUp.toDispatch(p);
    }
  }

  /**
   * Drafts until the drafts in flight are expected to cover what is still needed, at the acceptance rate measured so
   * far (Laplace-smoothed, so the first wave is sized as if half will pass). Always keeps one draft going while short.
   */
  static final class ExpectedValuePlanner implements DraftPlanner {
    @Override
    public int toDispatch(Progress p) {
      int needed = p.wanted() - p.committed();
      int room = p.maxDrafts() - p.drafted();
      if (needed <= 0 || room <= 0) return 0;
      double rate = (p.acceptedOfDecided() + 1.0) / (p.decided() + 2.0);
      double gap = needed - p.inFlight() * rate;
      int n = gap <= 0 ? 0 : (int) Math.ceil(gap / rate);
      if (n == 0 && p.inFlight() == 0) n = 1;
      return Math.min(n, room);
    }
  }
}
