package dev.winnow.screen;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Query latency of {@link HashIndex} over {@code size} random 64-bit hashes, against a linear scan of the same hashes
 * (which is what a query must beat to be worth an index).
 * Half the queries are random (nothing near), half an entry with up to {@code radius} bits flipped (one answer or
 * more). It lives beside HashIndex, which is package-private; bench/screen/jmh.sh runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashIndexBench {
  @Param({"100000"})
  public int size;

  @Param({"8", "12", "18"})
  public int radius;

  @Param({"5"})
  public int chunks;

  private HashIndex index;
  private long[] hashes;
  private long[] queries;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    Random random = new Random(42);
    index = new HashIndex(chunks);
    hashes = new long[size];
    for (int i = 0; i < size; i++) index.add(hashes[i] = random.nextLong());
    queries = new long[4096];
    for (int q = 0; q < queries.length; q++) {
      long h = q % 2 == 0 ? random.nextLong() : hashes[random.nextInt(size)];
      for (int flips = q % 2 == 0 ? 0 : random.nextInt(radius + 1); flips > 0; flips--) h ^= 1L << random.nextInt(64);
      queries[q] = h;
    }
  }

  @Benchmark
  public void index(Blackhole found) {
    index.within(queries[next++ & (queries.length - 1)], radius, found::consume);
  }

  @Benchmark
  public void linearScan(Blackhole found) {
    long query = queries[next++ & (queries.length - 1)];
    for (int i = 0; i < hashes.length; i++) if (Long.bitCount(hashes[i] ^ query) <= radius) found.consume(i);
  }
}
