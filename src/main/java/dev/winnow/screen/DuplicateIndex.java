package dev.winnow.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The images kept so far, under their keys: each one's perceptual hash, searched by Hamming distance through a
 * {@link HashIndex} (a lookup costs about the same for a batch of a hundred drafts as for a ledger of a hundred
 * thousand kept images), and its colour layout, which every candidate the hash finds must match as well. Images
 * remembered from the ledger may have no colour layout; the hash alone decides for them. Not thread-safe;
 * {@link Screen} guards it.
 */
final class DuplicateIndex {
  private final List<String> keys = new ArrayList<>();
  private final List<byte[]> colours = new ArrayList<>();
  private final HashIndex hashes = new HashIndex();

  void add(String key, long hash, byte[] colourLayout) {
    keys.add(key);
    colours.add(ColourLayout.valid(colourLayout) ? colourLayout : null);
    hashes.add(hash);
  }

  /**
   * The key of the closest kept image (the first added among equals) whose hash is within {@code maxDistance} and
   * whose colour layout is within {@code maxColourDistance}, if any.
   */
  Optional<String> nearest(long hash, byte[] colourLayout, int maxDistance, double maxColourDistance) {
    int[] best = {-1, maxDistance + 1};
    hashes.within(hash, maxDistance, id -> {
      byte[] kept = colours.get(id);
      if (kept != null && colourLayout != null && ColourLayout.distance(kept, colourLayout) > maxColourDistance) return;
      int d = Long.bitCount(hash ^ hashes.hash(id));
      if (d < best[1] || (d == best[1] && id < best[0])) {
        best[0] = id;
        best[1] = d;
      }
    });
    return best[0] < 0 ? Optional.empty() : Optional.of(keys.get(best[0]));
  }
}
