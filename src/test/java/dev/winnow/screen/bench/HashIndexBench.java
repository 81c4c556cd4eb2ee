package dev.winnow.screen.bench;

import dev.winnow.screen.HashIndex;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Duplicate lookups against an index of {@code size} kept images: multi-index hashing against the linear scan it
 * replaced. Queries are half near copies of stored hashes (0-10 bits off), half unrelated. Run with
 * {@code bench/screen/jmh.sh HashIndexBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashIndexBench {
  @Param({"1000", "100000"})
  int size;

  @Param({"10", "18"})
  int radius;

  private HashIndex index;
  private long[] stored;
  private long[] queries;
  private int next;

  @Setup
  public void setUp() {
    Random r = new Random(1);
    index = new HashIndex();
    stored = new long[size];
    for (int i = 0; i < size; i++) stored[i] = r.nextLong();
    for (long h : stored) index.add(h);
    queries = new long[4096];
    for (int i = 0; i < queries.length; i++) {
      long q = i % 2 == 0 ? stored[r.nextInt(size)] : r.nextLong();
      for (int b = r.nextInt(11); b > 0; b--) q ^= 1L << r.nextInt(64);
      queries[i] = q;
    }
  }

  @Benchmark
  public int multiIndex() {
    return index.nearest(queries[next++ & 4095], radius);
  }

  @Benchmark
  public int linearScan() {
    long q = queries[next++ & 4095];
    int best = -1, bestDistance = radius + 1;
    for (int i = 0; i < stored.length; i++) {
      int d = Long.bitCount(q ^ stored[i]);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }
}
