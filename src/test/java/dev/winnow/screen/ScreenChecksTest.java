package dev.winnow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Each check on real files: photographs from Debian's mate-backgrounds and variants of them (see the fixtures' README). */
class ScreenChecksTest {
  private static final AspectRatio WIDE = new AspectRatio(16, 9);

  private static byte[] fixture(String name) {
    try (InputStream in = ScreenChecksTest.class.getResourceAsStream("/screen/debian/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Settings that accept the 640-px fixtures, so each test isolates the check it is about. */
  private static Screen screen() {
    ScreenSettings d = ScreenSettings.defaults();
    return new Screen(new ScreenSettings(320, d.aspectTolerance(), d.minBrightness(), d.maxBrightness(), d.maxEdgeWidth(),
        d.minContrast(), d.duplicateDistance(), d.maxPixels()));
  }

  private static ScreenVerdict check(Screen s, String name) {
    return s.check(name, fixture(name), WIDE);
  }

  @Test
  void passesRealPhotographs() {
    Screen s = screen();
    assertThat(check(s, "storm.jpg").pass()).isTrue();
    assertThat(check(s, "meadow.jpg").pass()).isTrue();
  }

  @Test
  void rejectsResizedAndRecompressedCopiesAsNearDuplicatesOfTheOriginal() {
    Screen s = screen();
    check(s, "storm.jpg");
    for (String copy : List.of("storm-resized.jpg", "storm-q60.jpg")) {
      ScreenVerdict v = check(s, copy);
      assertThat(v.reasons()).as(copy).containsExactly(RejectReason.NEAR_DUPLICATE);
      assertThat(v.duplicateOf()).contains("storm.jpg");
    }
    assertThat(check(s, "meadow.jpg").pass()).as("a different picture is not a duplicate").isTrue();
  }

  @Test
  void rejectsDarkAndBrightVersionsOnBrightness() {
    Screen s = screen();
    ScreenVerdict dark = check(s, "storm-dark.jpg");
    assertThat(dark.reasons()).contains(RejectReason.TOO_DARK);
    assertThat(dark.metrics().orElseThrow().brightness()).isLessThan(20);
    assertThat(check(s, "storm-bright.jpg").reasons()).contains(RejectReason.TOO_BRIGHT);
  }

  @Test
  void rejectsABlurredCopyAsBlurry() {
    ScreenVerdict v = check(screen(), "storm-blurred.jpg");
    assertThat(v.reasons()).contains(RejectReason.BLURRY);
    assertThat(v.metrics().orElseThrow().sharpness()).isLessThan(check(screen(), "storm.jpg").metrics().orElseThrow().sharpness() / 10);
  }

  @Test
  void rejectsSolidAndTwoToneImagesAsFlatButNeverAsDuplicatesOfEachOther() {
    Screen s = screen();
    ScreenVerdict blue = check(s, "solid-blue.png");
    ScreenVerdict red = check(s, "solid-red.png");
    ScreenVerdict twoTone = check(s, "two-tone.png");
    assertThat(blue.reasons()).containsExactly(RejectReason.FLAT);
    assertThat(red.reasons()).containsExactly(RejectReason.FLAT);
    assertThat(twoTone.reasons()).containsExactly(RejectReason.FLAT);
    assertThat(red.duplicateOf()).isEmpty();
  }

  @Test
  void rejectsTooSmallAndWrongAspectWithTheDefaults() {
    Screen s = new Screen(ScreenSettings.defaults());
    assertThat(check(s, "small-300x200.jpg").reasons()).contains(RejectReason.TOO_SMALL, RejectReason.WRONG_ASPECT);
    assertThat(screen().check("m", fixture("meadow-4x3.jpg"), WIDE).reasons()).containsExactly(RejectReason.WRONG_ASPECT);
    assertThat(screen().check("m", fixture("meadow-4x3.jpg"), new AspectRatio(4, 3)).pass()).isTrue();
  }

  private static byte[] png(int w, int h) {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random r = new java.util.Random(3);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, ((x * 255 / w) << 16) | (r.nextInt(256) << 8) | (y * 255 / h));
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void tooSmallIsJudgedAgainstTheSizeAsked() {
    Screen s = new Screen(ScreenSettings.defaults());
    AspectRatio wide = new AspectRatio(16, 9);
    // 512 16:9 is 688x384: under the article's 512 px, but what was asked
    assertThat(s.minSide(wide, ImageSize.S512)).isEqualTo(364);
    assertThat(s.minSide(wide, ImageSize.K1)).isEqualTo(512);
    assertThat(s.minSide(new AspectRatio(1, 8), ImageSize.K1)).isLessThan(512); // a 1:8 strip at 1K is 352 px wide
    byte[] small = png(688, 384);
    assertThat(s.check("a", small, wide, ImageSize.S512).reasons()).doesNotContain(RejectReason.TOO_SMALL);
    assertThat(s.check("b", small, wide, ImageSize.K1).reasons()).contains(RejectReason.TOO_SMALL);
    assertThat(s.check("c", small, wide).reasons()).contains(RejectReason.TOO_SMALL); // no size asked: the setting
  }

  @Test
  void recordsEveryReasonNotJustTheFirst() {
    ScreenVerdict v = new Screen(ScreenSettings.defaults()).check("x", fixture("storm-dark.jpg"), new AspectRatio(1, 1));
    assertThat(v.reasons()).contains(RejectReason.TOO_SMALL, RejectReason.WRONG_ASPECT, RejectReason.TOO_DARK);
  }

  @Test
  void reportsBadFilesAsUndecodableWithoutThrowing() {
    Screen s = screen();
    for (String bad : List.of("truncated.jpg", "empty.png", "not-an-image.png")) {
      ScreenVerdict v = check(s, bad);
      assertThat(v.reasons()).as(bad).containsExactly(RejectReason.UNDECODABLE);
      assertThat(v.metrics()).isEmpty();
    }
  }

  @Test
  void refusesADecompressionBombBeforeAllocatingIt() {
    long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    ScreenVerdict v = check(screen(), "bomb.png");
    assertThat(v.reasons()).containsExactly(RejectReason.TOO_LARGE);
    long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertThat(after - before).isLessThan(256L * 1024 * 1024); // 100000 x 100000 RGB would need 30 GB
  }

  @Test
  void keepsExactlyOneOfIdenticalImagesScreenedConcurrently() throws Exception {
    Screen s = screen();
    byte[] storm = fixture("storm.jpg");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<ScreenVerdict>> verdicts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String key = "k" + i;
      verdicts.add(pool.submit(() -> s.check(key, storm, WIDE)));
    }
    int passed = 0;
    for (Future<ScreenVerdict> f : verdicts) if (f.get().pass()) passed++;
    pool.shutdown();
    assertThat(passed).isEqualTo(1);
  }

  @Test
  void perceptualHashIsStableAcrossRecompression() {
    long a = Screen.perceptualHash(fixture("storm.jpg")).orElseThrow();
    long b = Screen.perceptualHash(fixture("storm-q60.jpg")).orElseThrow();
    long c = Screen.perceptualHash(fixture("meadow.jpg")).orElseThrow();
    assertThat(Long.bitCount(a ^ b)).isLessThanOrEqualTo(4);
    assertThat(Long.bitCount(a ^ c)).isGreaterThan(16);
    assertThat(Screen.perceptualHash(fixture("empty.png"))).isEmpty();
  }
}
