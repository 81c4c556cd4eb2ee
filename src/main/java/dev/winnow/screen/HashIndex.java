package dev.winnow.screen;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * 64-bit hashes searched by Hamming radius through multi-index hashing (Norouzi, Punjani and Fleet, 2012): each hash
 * is cut into four 16-bit chunks, and each chunk value has a bucket of the entries holding it. Two hashes within
 * distance {@code r} agree to within {@code r / 4} bits on at least one chunk (pigeonhole), so a query visits only
 * the buckets of chunk values that close to its own, then checks the full distance of what it finds there. Four
 * 16-bit chunks suit tens of thousands to a few million entries: a bucket then holds about {@code size / 65536}.
 *
 * <p>Entries are numbered 0, 1, 2... in the order added and never removed. Not thread-safe: the owner guards it.
 */
final class HashIndex {
  private static final int CHUNKS = 4;
  private static final int CHUNK_BITS = 64 / CHUNKS;
  private static final int CHUNK_VALUES = 1 << CHUNK_BITS;
  /** MASKS[d]: every 16-bit value with exactly d bits set, to flip d bits of a chunk. */
  private static final int[][] MASKS = masksByWeight();

  private long[] hashes = new long[16];
  private int size;
  /** buckets[chunk][value]: the entries whose chunk holds value; counts[chunk][value] how many of them are used. */
  private final int[][][] buckets = new int[CHUNKS][CHUNK_VALUES][];
  private final int[][] counts = new int[CHUNKS][CHUNK_VALUES];

  /** Adds a hash and returns its entry number. */
  int add(long hash) {
    if (size == hashes.length) hashes = Arrays.copyOf(hashes, size * 2);
    int entry = size++;
    hashes[entry] = hash;
    for (int c = 0; c < CHUNKS; c++) {
      int value = chunk(hash, c);
      int[] bucket = buckets[c][value];
      int n = counts[c][value];
      if (bucket == null) bucket = buckets[c][value] = new int[2];
      else if (n == bucket.length) bucket = buckets[c][value] = Arrays.copyOf(bucket, n * 2);
      bucket[n] = entry;
      counts[c][value] = n + 1;
    }
    return entry;
  }

  int size() {
    return size;
  }

  long hash(int entry) {
    return hashes[entry];
  }

  /** Calls {@code found} once for every entry within Hamming distance {@code radius} of {@code query}, in no order. */
  void within(long query, int radius, IntConsumer found) {
    if (radius < 0) throw new IllegalArgumentException("radius must be 0 or more (got " + radius + ")");
    int chunkRadius = Math.min(CHUNK_BITS, radius / CHUNKS);
    for (int c = 0; c < CHUNKS; c++) {
      int value = chunk(query, c);
      for (int d = 0; d <= chunkRadius; d++) {
        for (int mask : MASKS[d]) {
          int probe = value ^ mask;
          int[] bucket = buckets[c][probe];
          for (int i = 0, n = counts[c][probe]; i < n; i++) {
            int entry = bucket[i];
            long h = hashes[entry];
            // Found through an earlier chunk already: report each entry once, from the first chunk that is close.
            if (closeOnEarlierChunk(h, query, c, chunkRadius)) continue;
            if (Long.bitCount(h ^ query) <= radius) found.accept(entry);
          }
        }
      }
    }
  }

  private static boolean closeOnEarlierChunk(long h, long query, int chunk, int chunkRadius) {
    for (int c = 0; c < chunk; c++) if (Integer.bitCount(chunk(h, c) ^ chunk(query, c)) <= chunkRadius) return true;
    return false;
  }

  private static int chunk(long hash, int c) {
    return (int) (hash >>> (c * CHUNK_BITS)) & (CHUNK_VALUES - 1);
  }

  private static int[][] masksByWeight() {
    int[][] masks = new int[CHUNK_BITS + 1][];
    int[] filled = new int[CHUNK_BITS + 1];
    for (int v = 0; v < CHUNK_VALUES; v++) filled[Integer.bitCount(v)]++;
    for (int d = 0; d <= CHUNK_BITS; d++) masks[d] = new int[filled[d]];
    Arrays.fill(filled, 0);
    for (int v = 0; v < CHUNK_VALUES; v++) {
      int d = Integer.bitCount(v);
      masks[d][filled[d]++] = v;
    }
    return masks;
  }
}
