package dev.winnow.screen;

import static dev.winnow.screen.Fixtures.bytes;
import static dev.winnow.screen.Fixtures.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The screen's near-duplicate contract: what it keeps, what it rejects and why, across threads and across runs. */
class ScreenDuplicateTest {
  private static final List<String> COPIES = List.of("garden.jpg", "garden-resized.jpg", "garden-q60.jpg", "garden-crop.jpg", "garden-rotate2.jpg",
      "garden-bright.jpg", "garden-watermark.jpg");

  @Test
  void rejectsALaterCopyAndNamesTheImageItCopies() {
    Screen screen = new Screen(Fixtures.lenient());
    ScreenVerdict first = screen.check("first", bytes("garden.jpg"), null);
    assertThat(first.pass()).isTrue();
    ScreenVerdict copy = screen.check("second", bytes("garden-rotate2.jpg"), null);
    assertThat(copy.pass()).isFalse();
    assertThat(copy.reasons()).containsExactly(RejectReason.NEAR_DUPLICATE);
    assertThat(copy.duplicateOf()).contains("first");
    assertThat(screen.check("third", bytes("ladybird.jpg"), null).pass()).isTrue();
  }

  @Test
  void everyDecodedImageCarriesItsFingerprintAndABrokenOneNone() {
    Screen screen = new Screen(Fixtures.lenient());
    ScreenVerdict kept = screen.check("a", bytes("garden.jpg"), null);
    assertThat(kept.fingerprint()).contains(fingerprint("garden.jpg"));
    ScreenVerdict dark = screen.check("b", bytes("storm-dark.jpg"), null);
    assertThat(dark.reasons()).contains(RejectReason.TOO_DARK);
    assertThat(dark.fingerprint()).contains(fingerprint("storm-dark.jpg"));
    byte[] truncated = bytes("garden.jpg");
    ScreenVerdict broken = screen.check("c", java.util.Arrays.copyOf(truncated, truncated.length / 2), null);
    assertThat(broken.reasons()).containsExactly(RejectReason.UNDECODABLE);
    assertThat(broken.fingerprint()).isEmpty();
    assertThat(Screen.fingerprint(new byte[] {1, 2, 3})).isEmpty();
  }

  @Test
  void aFingerprintStoredByAnEarlierRunStillCatchesCopies() {
    byte[] stored = fingerprint("garden.jpg").toBytes();
    Screen screen = new Screen(Fixtures.lenient());
    screen.remember("batch-1/garden", Fingerprint.fromBytes(stored));
    ScreenVerdict copy = screen.check("batch-2/copy", bytes("garden-watermark.jpg"), null);
    assertThat(copy.reasons()).containsExactly(RejectReason.NEAR_DUPLICATE);
    assertThat(copy.duplicateOf()).contains("batch-1/garden");
  }

  @Test
  void aDarkCopyIsCalledADuplicateAsWellAsTooDark() {
    Screen screen = new Screen(Fixtures.lenient());
    screen.remember("dark", fingerprint("storm-dark.jpg"));
    ScreenVerdict copy = screen.check("dark-copy", bytes("storm-dark-q60.jpg"), null);
    assertThat(copy.reasons()).contains(RejectReason.TOO_DARK, RejectReason.NEAR_DUPLICATE);
    assertThat(copy.duplicateOf()).contains("dark");
    assertThat(screen.check("other-dark", bytes("dune-dark.jpg"), null).reasons()).doesNotContain(RejectReason.NEAR_DUPLICATE);
  }

  @Test
  void twoDifferentFlatFillsAreBothJustFlat() {
    Screen screen = new Screen(Fixtures.lenient());
    screen.remember("red", fingerprint("flat-red.png"));
    ScreenVerdict blue = screen.check("blue", bytes("flat-blue.png"), null);
    assertThat(blue.reasons()).contains(RejectReason.FLAT).doesNotContain(RejectReason.NEAR_DUPLICATE);
    assertThat(blue.duplicateOf()).isEmpty();
  }

  @RepeatedTest(5)
  void manyThreadsCheckingCopiesAtOnceKeepExactlyOne() throws Exception {
    Screen screen = new Screen(Fixtures.lenient());
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<ScreenVerdict>> verdicts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String key = "copy-" + i;
        byte[] image = bytes(COPIES.get(i % COPIES.size()));
        verdicts.add(pool.submit(() -> {
          start.await();
          return screen.check(key, image, null);
        }));
      }
      start.countDown();
      List<String> kept = new ArrayList<>();
      List<String> duplicateOf = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        ScreenVerdict v = verdicts.get(i).get();
        if (v.pass()) kept.add("copy-" + i);
        else {
          assertThat(v.reasons()).containsExactly(RejectReason.NEAR_DUPLICATE);
          duplicateOf.add(v.duplicateOf().orElseThrow());
        }
      }
      assertThat(kept).hasSize(1);
      assertThat(duplicateOf).hasSize(threads - 1).containsOnly(kept.get(0));
    } finally {
      pool.shutdownNow();
    }
  }
}
