package dev.winnow.screen;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * 64-bit hashes searched by Hamming radius without a scan: multi-index hashing (Norouzi, Punjani and Fleet, 2012).
 * Each hash is filed under its four 16-bit chunks. Two hashes within distance {@code r} agree to within
 * {@code r / 4} bits on at least one chunk (otherwise every chunk differs by more and the total exceeds {@code r}),
 * so probing each chunk's table with every value within {@code r / 4} of the query's chunk finds every match; each
 * candidate is then checked on all 64 bits. Radius 10 probes 4 x 137 buckets, whatever the index holds. When the
 * probes and the candidates they turn up would cost more than scanning every entry (a small index, or a wide radius)
 * it scans instead. At the screen's radius of 18 that is always: 4 x 2,517 probes, each turning up 1/65,536 of the
 * index, examine 15% of it at random, which costs more than reading all of it in order (HashIndexBench, 1M entries:
 * 3.5 ms probing against 0.28 ms scanning). No exact index does much better at that radius; a scan of 100k entries
 * takes ~40 us.
 * Entries are numbered from 0 in the order added. Not thread-safe.
 */
public final class HashIndex {
  private static final int CHUNKS = 4;
  private static final int CHUNK_BITS = 16;
  private static final int BUCKETS = 1 << CHUNK_BITS;
  /** Chunk radius beyond which probing costs more than scanning a large index: 4 x 2,517 buckets at 4 bits. */
  private static final int MAX_CHUNK_RADIUS = 4;

  /** What one bucket probe costs in entries scanned (JMH, HashIndexBench: ~25 ns a probe, ~0.28 ns an entry). */
  private static final int PROBE_COST = 90;

  /**
   * What one candidate a probe turns up costs in entries scanned: its id read from the bucket, then its hash and its
   * seen-mark looked up at random. HashIndexBench at radius 18 and 1M entries: 154k candidates in ~3.2 ms, ~21 ns each
   * (cache misses), so 75; counted as 20, the cost near 100k entries, where the arrays still sit in cache.
   */
  private static final int CANDIDATE_COST = 20;

  /** For each chunk radius k, every 16-bit mask of at most k bits, fewest bits first. */
  private static final int[][] MASKS = masks();

  private long[] hashes = new long[64];
  private int size;
  private final int[][][] buckets = new int[CHUNKS][][];
  private final int[][] fill = new int[CHUNKS][];
  private int[] seen = new int[64];
  private int stamp;

  private final boolean alwaysProbe;

  public HashIndex() {
    this(false);
  }

  /** An index that probes even where a scan would be faster: for tests of the probing path. */
  static HashIndex probing() {
    return new HashIndex(true);
  }

  private HashIndex(boolean alwaysProbe) {
    this.alwaysProbe = alwaysProbe;
    for (int c = 0; c < CHUNKS; c++) {
      buckets[c] = new int[BUCKETS][];
      fill[c] = new int[BUCKETS];
    }
  }

  public int size() {
    return size;
  }

  public long hash(int id) {
    if (id < 0 || id >= size) throw new IndexOutOfBoundsException(id);
    return hashes[id];
  }

  /** Files {@code hash} and returns its id. */
  public int add(long hash) {
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, size * 2);
      seen = Arrays.copyOf(seen, size * 2);
    }
    int id = size++;
    hashes[id] = hash;
    for (int c = 0; c < CHUNKS; c++) {
      int key = chunk(hash, c);
      int[] bucket = buckets[c][key];
      int n = fill[c][key];
      if (bucket == null) bucket = buckets[c][key] = new int[2];
      else if (n == bucket.length) bucket = buckets[c][key] = Arrays.copyOf(bucket, n * 2);
      bucket[n] = id;
      fill[c][key] = n + 1;
    }
    return id;
  }

  /** Calls {@code found} once with the id of every hash within {@code radius} bits of {@code query}, in no order. */
  public void within(long query, int radius, IntConsumer found) {
    if (radius < 0) return;
    int chunkRadius = radius / CHUNKS;
    if (chunkRadius > MAX_CHUNK_RADIUS || (!alwaysProbe && !probingPays(radius, size))) {
      scan(query, radius, found);
      return;
    }
    if (++stamp == 0) {
      Arrays.fill(seen, 0);
      stamp = 1;
    }
    int[] masks = MASKS[chunkRadius];
    for (int c = 0; c < CHUNKS; c++) {
      int key = chunk(query, c);
      for (int mask : masks) visit(c, key ^ mask, query, radius, found);
    }
  }

  /**
   * Whether probing an index of {@code size} entries at {@code radius} costs less than scanning it: each of the
   * 4 x masks probes costs {@link #PROBE_COST} plus its bucket's expected {@code size / 65,536} candidates at
   * {@link #CANDIDATE_COST}; a scan costs {@code size}. Radius 10 (548 probes) pays from ~59k entries on, radius 12-15
   * (2,788 probes) only past ~1.7M, radius 16-19 (10,068 probes) never: its candidates alone are 15% of the index.
   */
  static boolean probingPays(int radius, long size) {
    int chunkRadius = radius / CHUNKS;
    if (radius < 0 || chunkRadius > MAX_CHUNK_RADIUS) return false;
    double probes = (double) CHUNKS * MASKS[chunkRadius].length;
    return probes * (PROBE_COST + CANDIDATE_COST * (double) size / BUCKETS) < size;
  }

  /**
   * Every entry checked in turn. Matches are gathered in blocks and handed over after the loop over a block, so the
   * loop itself makes no call and keeps its array in a register (HashIndexBench, 100k entries at radius 18: 36 us
   * against 83 us calling {@code found} from inside the loop; a bare loop over a {@code long[]} takes 28 us).
   */
  private void scan(long query, int radius, IntConsumer found) {
    long[] all = hashes;
    int n = size;
    int[] hits = new int[64];
    for (int from = 0; from < n; from += 4096) {
      int to = Math.min(n, from + 4096), k = 0;
      for (int id = from; id < to; id++) {
        if (Long.bitCount(query ^ all[id]) <= radius) {
          if (k == hits.length) hits = Arrays.copyOf(hits, k * 2);
          hits[k++] = id;
        }
      }
      for (int i = 0; i < k; i++) found.accept(hits[i]);
    }
  }

  /** The id of the closest hash within {@code radius} (the earliest added among equals), or -1. */
  public int nearest(long query, int radius) {
    int[] best = {-1, radius + 1};
    within(query, radius, id -> {
      int d = Long.bitCount(query ^ hashes[id]);
      if (d < best[1] || (d == best[1] && id < best[0])) {
        best[0] = id;
        best[1] = d;
      }
    });
    return best[0];
  }

  private void visit(int c, int key, long query, int radius, IntConsumer found) {
    int[] bucket = buckets[c][key];
    if (bucket == null) return;
    int n = fill[c][key];
    for (int i = 0; i < n; i++) {
      int id = bucket[i];
      if (seen[id] == stamp) continue;
      seen[id] = stamp;
      if (Long.bitCount(query ^ hashes[id]) <= radius) found.accept(id);
    }
  }

  private static int[][] masks() {
    int[][] out = new int[MAX_CHUNK_RADIUS + 1][];
    for (int k = 0; k <= MAX_CHUNK_RADIUS; k++) {
      int bits = k;
      out[k] = java.util.stream.IntStream.range(0, BUCKETS).filter(m -> Integer.bitCount(m) <= bits).boxed()
          .sorted(java.util.Comparator.comparingInt(Integer::bitCount)).mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  private static int chunk(long hash, int c) {
    return (int) (hash >>> (c * CHUNK_BITS)) & (BUCKETS - 1);
  }
}
