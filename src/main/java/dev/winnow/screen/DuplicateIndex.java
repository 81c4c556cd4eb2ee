package dev.winnow.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hashes of images kept so far, searched for the nearest within a Hamming distance. A linear scan: a batch
 * holds hundreds to a few thousand hashes, which this scans in microseconds. Not thread-safe; {@link Screen} guards it.
 */
final class DuplicateIndex {
  private final List<String> keys = new ArrayList<>();
  private final List<Long> hashes = new ArrayList<>();

  void add(String key, long hash) {
    keys.add(key);
    hashes.add(hash);
  }

  /** The key of the closest hash within {@code maxDistance}, if any. */
  Optional<String> nearest(long hash, int maxDistance) {
    int best = maxDistance + 1;
    String bestKey = null;
    for (int i = 0; i < hashes.size(); i++) {
      int d = PerceptualHash.distance(hash, hashes.get(i));
      if (d < best) {
        best = d;
        bestKey = keys.get(i);
      }
    }
    return Optional.ofNullable(bestKey);
  }
}
