package dev.winnow.pipeline;

import dev.winnow.ledger.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --select best}: the best-scored drafts of a prompt, kept apart. Greedy by score (higher first, then the
 * earlier draft): a draft is chosen unless enough are chosen already or its perceptual hash is within {@code
 * apartBits} of one chosen before it or kept earlier (a near-copy of a keeper is not a second keeper). Greedy is what
 * "the top N, no two alike" means: no unchosen draft outscores a chosen one except by being too close to a better one.
 */
final class BestOf {
  /** Why a scored draft was not chosen: outranked, or too close to {@code near} (a better draft, or a keeper). */
  record PassedOver(String code, Candidate near, String why) {
    static final String OUTRANKED = dev.winnow.job.Selection.OUTRANKED;
    static final String TOO_CLOSE = dev.winnow.job.Selection.TOO_CLOSE;
  }

  /** The drafts chosen, best first, and why each of the others was not. */
  record Choice(List<Candidate> chosen, Map<Candidate, PassedOver> passedOver) {}

  private BestOf() {}

  static Choice choose(List<Candidate> scored, List<Candidate> kept, int need, int apartBits) {
    List<Candidate> ranked = new ArrayList<>(scored);
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.score() == null ? 0 : c.score()).reversed().thenComparingInt(Candidate::ordinal));
    List<Candidate> chosen = new ArrayList<>();
    List<Candidate> taken = new ArrayList<>(kept);
    Map<Candidate, PassedOver> passedOver = new LinkedHashMap<>();
    for (Candidate c : ranked) {
      if (chosen.size() >= need) {
        passedOver.put(c, new PassedOver(PassedOver.OUTRANKED, null,
            need == 0 ? "not needed: the prompt's keepers were chosen already" : "not among the best " + need + " of " + scored.size() + " scored"));
        continue;
      }
      Candidate near = nearest(c, taken, apartBits);
      if (near != null) {
        passedOver.put(c, new PassedOver(PassedOver.TOO_CLOSE, near,
            "too close to " + near.key() + " (" + distance(c, near) + " of 64 hash bits; apart means more than " + apartBits + ")"));
        continue;
      }
      chosen.add(c);
      taken.add(c);
    }
    return new Choice(List.copyOf(chosen), passedOver);
  }

  private static Candidate nearest(Candidate c, List<Candidate> taken, int apartBits) {
    if (c.phash() == null) return null;
    Candidate best = null;
    for (Candidate t : taken) {
      if (t.phash() == null) continue;
      if (distance(c, t) <= apartBits && (best == null || distance(c, t) < distance(c, best))) best = t;
    }
    return best;
  }

  static int distance(Candidate a, Candidate b) {
    return Long.bitCount(a.phash() ^ b.phash());
  }
}
