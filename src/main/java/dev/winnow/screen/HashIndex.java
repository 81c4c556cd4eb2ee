package dev.winnow.screen;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * 64-bit hashes searched by Hamming radius through multi-index hashing (Norouzi, Punjani and Fleet, 2012): each hash
 * is cut into {@code m} chunks, and each chunk value has a bucket of the hashes holding it. Two hashes within distance
 * {@code r} agree to within {@code r / m} bits on at least one chunk (pigeonhole), so a query visits only the buckets
 * of chunk values that close to its own, then checks the full distance of what it finds there. Wider chunks mean
 * fewer entries a bucket but more buckets to visit. {@link #HashIndex()} cuts five chunks of 13 and 12 bits: over 100k
 * random hashes that answers a query within 8 bits in 2 us, 12 bits in 13 us and 18 bits in 52 us, where four
 * 16-bit chunks take 11, 60 and 160 us (bench/screen/RESULTS.md).
 *
 * <p>Entries are numbered 0, 1, 2... in the order added and never removed. Not thread-safe: the owner guards it.
 */
final class HashIndex {
  private final int chunks;
  private final int[] shift, width;
  /** masks[w][d]: every w-bit value with exactly d bits set, to flip d bits of a w-bit chunk. */
  private final int[][][] masks = new int[17][][];

  private long[] hashes = new long[16];
  private int size;
  /**
   * bucketHashes[chunk][value] and bucketEntries[chunk][value]: the hashes whose chunk holds value, and their entry
   * numbers; counts[chunk][value] how many of each array are used. A bucket keeps the hashes themselves so that a
   * query checks its distances without a jump to another array for each one.
   */
  private final long[][][] bucketHashes;
  private final int[][][] bucketEntries;
  private final int[][] counts;

  HashIndex() {
    this(5);
  }

  /** An index cutting hashes into {@code chunks} chunks of as equal widths as 64 bits allow, 4 to 8 of them. */
  HashIndex(int chunks) {
    if (chunks < 4 || chunks > 8) throw new IllegalArgumentException("chunks must be 4..8 (got " + chunks + ")");
    this.chunks = chunks;
    shift = new int[chunks];
    width = new int[chunks];
    bucketHashes = new long[chunks][][];
    bucketEntries = new int[chunks][][];
    counts = new int[chunks][];
    for (int c = 0, at = 0; c < chunks; c++) {
      width[c] = 64 / chunks + (c < 64 % chunks ? 1 : 0);
      shift[c] = at;
      at += width[c];
      bucketHashes[c] = new long[1 << width[c]][];
      bucketEntries[c] = new int[1 << width[c]][];
      counts[c] = new int[1 << width[c]];
      if (masks[width[c]] == null) masks[width[c]] = masksByWeight(width[c]);
    }
  }

  /** Adds a hash and returns its entry number. */
  int add(long hash) {
    if (size == hashes.length) hashes = Arrays.copyOf(hashes, size * 2);
    int entry = size++;
    hashes[entry] = hash;
    for (int c = 0; c < chunks; c++) {
      int value = chunk(hash, c);
      int n = counts[c][value];
      if (bucketHashes[c][value] == null) {
        bucketHashes[c][value] = new long[2];
        bucketEntries[c][value] = new int[2];
      } else if (n == bucketHashes[c][value].length) {
        bucketHashes[c][value] = Arrays.copyOf(bucketHashes[c][value], n * 2);
        bucketEntries[c][value] = Arrays.copyOf(bucketEntries[c][value], n * 2);
      }
      bucketHashes[c][value][n] = hash;
      bucketEntries[c][value][n] = entry;
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
    int chunkRadius = radius / chunks;
    for (int c = 0; c < chunks; c++) {
      int value = chunk(query, c);
      long[][] hashesOf = bucketHashes[c];
      int[] countOf = counts[c];
      for (int d = 0; d <= Math.min(chunkRadius, width[c]); d++) {
        for (int mask : masks[width[c]][d]) {
          int probe = value ^ mask;
          long[] bucket = hashesOf[probe];
          for (int i = 0, n = countOf[probe]; i < n; i++) {
            long h = bucket[i];
            if (Long.bitCount(h ^ query) > radius) continue;
            // Found through an earlier chunk already: report each entry once, from the first chunk that is close.
            if (closeOnEarlierChunk(h, query, c, chunkRadius)) continue;
            found.accept(bucketEntries[c][probe][i]);
          }
        }
      }
    }
  }

  private boolean closeOnEarlierChunk(long h, long query, int chunk, int chunkRadius) {
    for (int c = 0; c < chunk; c++) if (Integer.bitCount(chunk(h, c) ^ chunk(query, c)) <= chunkRadius) return true;
    return false;
  }

  private int chunk(long hash, int c) {
    return (int) (hash >>> shift[c]) & ((1 << width[c]) - 1);
  }

  private static int[][] masksByWeight(int bits) {
    int[][] out = new int[bits + 1][];
    int[] filled = new int[bits + 1];
    for (int v = 0; v < 1 << bits; v++) filled[Integer.bitCount(v)]++;
    for (int d = 0; d <= bits; d++) out[d] = new int[filled[d]];
    Arrays.fill(filled, 0);
    for (int v = 0; v < 1 << bits; v++) {
      int d = Integer.bitCount(v);
      out[d][filled[d]++] = v;
    }
    return out;
  }
}
