package dev.winnow.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hashes of images kept so far, under their keys, searched for the nearest within a Hamming distance through a
 * {@link HashIndex}: a lookup costs the same for a batch of a hundred drafts as for a ledger of a hundred thousand
 * kept images. Not thread-safe; {@link Screen} guards it.
 */
final class DuplicateIndex {
  private final List<String> keys = new ArrayList<>();
  private final HashIndex hashes = new HashIndex();

  void add(String key, long hash) {
    keys.add(key);
    hashes.add(hash);
  }

  /** The key of the closest hash within {@code maxDistance} (the first added among equals), if any. */
  Optional<String> nearest(long hash, int maxDistance) {
    int id = hashes.nearest(hash, maxDistance);
    return id < 0 ? Optional.empty() : Optional.of(keys.get(id));
  }
}
