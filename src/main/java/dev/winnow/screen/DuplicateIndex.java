package dev.winnow.screen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The fingerprints of the images kept so far. A lookup asks the {@link HashIndex} for the fingerprints whose hash is
 * within the radius, nearest first, and returns the first that {@link Likeness} confirms is the same picture; the
 * radius only has to be wide enough to catch copies, because the confirmation keeps out the pictures that merely hash
 * alike. Not thread-safe; {@link Screen} guards it.
 */
final class DuplicateIndex {
  private final HashIndex hashes = new HashIndex();
  private final List<String> keys = new ArrayList<>();
  private final List<Fingerprint> fingerprints = new ArrayList<>();
  private final int radius;

  DuplicateIndex(int radius) {
    this.radius = radius;
  }

  void add(String key, Fingerprint fingerprint) {
    hashes.add(fingerprint.hash());
    keys.add(key);
    fingerprints.add(fingerprint);
  }

  /** The key of a kept image that {@code fingerprint} is a copy of, if any: the one with the nearest hash. */
  Optional<String> match(Fingerprint fingerprint) {
    if (!Likeness.comparable(fingerprint)) return Optional.empty();
    List<Integer> candidates = new ArrayList<>();
    hashes.within(fingerprint.hash(), radius, candidates::add);
    candidates.sort(Comparator.comparingInt((Integer e) -> Long.bitCount(hashes.hash(e) ^ fingerprint.hash())).thenComparingInt(e -> e));
    for (int entry : candidates) {
      if (Likeness.sameImage(fingerprints.get(entry), fingerprint)) return Optional.of(keys.get(entry));
    }
    return Optional.empty();
  }
}
