package dev.winnow.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashIndexTest {
  private static final int MAX_RADIUS = 24;

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 6, 7, 8})
  void findsExactlyWhatABruteForceScanFindsAtEveryRadius(int chunks) {
    Random random = new Random(7 + chunks);
    List<Long> hashes = new ArrayList<>();
    HashIndex index = new HashIndex(chunks);
    for (int i = 0; i < 3000; i++) {
      // Half random, half near copies of an earlier hash, so that every radius has answers to get right.
      long h = i < 100 || random.nextBoolean() ? random.nextLong() : flip(hashes.get(random.nextInt(hashes.size())), random.nextInt(20), random);
      hashes.add(h);
      assertThat(index.add(h)).isEqualTo(i);
    }
    for (int q = 0; q < 200; q++) {
      long query = q % 2 == 0 ? random.nextLong() : flip(hashes.get(random.nextInt(hashes.size())), random.nextInt(MAX_RADIUS), random);
      for (int radius = 0; radius <= MAX_RADIUS; radius++) {
        assertThat(found(index, query, radius)).as("query %d radius %d", q, radius).isEqualTo(bruteForce(hashes, query, radius));
      }
    }
  }

  @Test
  void reportsAnEntryOnceEvenWhenSeveralChunksAgree() {
    HashIndex index = new HashIndex();
    long h = 0x0123_4567_89ab_cdefL;
    index.add(h);
    index.add(h ^ 1L);
    List<Integer> found = new ArrayList<>();
    index.within(h, 8, found::add);
    assertThat(found).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void emptyIndexFindsNothingAndBadArgumentsAreRefused() {
    HashIndex index = new HashIndex();
    assertThat(found(index, 42L, 64)).isEmpty();
    assertThatThrownBy(() -> index.within(42L, -1, e -> {})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> new HashIndex(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunks must be 4..8 (got 3)");
  }

  @Test
  void aFullRadiusFindsEverything() {
    Random random = new Random(11);
    HashIndex index = new HashIndex();
    for (int i = 0; i < 300; i++) index.add(random.nextLong());
    assertThat(found(index, random.nextLong(), 64)).hasSize(300);
  }

  private static TreeSet<Integer> found(HashIndex index, long query, int radius) {
    TreeSet<Integer> out = new TreeSet<>();
    index.within(query, radius, e -> assertThat(out.add(e)).as("entry %d reported twice", e).isTrue());
    return out;
  }

  private static TreeSet<Integer> bruteForce(List<Long> hashes, long query, int radius) {
    TreeSet<Integer> out = new TreeSet<>();
    for (int i = 0; i < hashes.size(); i++) if (Long.bitCount(hashes.get(i) ^ query) <= radius) out.add(i);
    return out;
  }

  private static long flip(long h, int bits, Random random) {
    long out = h;
    while (Long.bitCount(out ^ h) < bits) out ^= 1L << random.nextInt(64);
    return out;
  }
}
