package dev.winnow.pipeline;

import dev.winnow.job.Job;

/** The planner a job runs with. */
public final class Planners {
  private Planners() {}

  public static DraftPlanner forJob(Job job) {
    return new ExpectedValuePlanner();
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
