package dev.winnow.generate.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.screen.Screen;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LocalImageModelTest {
  private final LocalImageModel model = new LocalImageModel();

  private static Instructions in(String prompt, long seed, AspectRatio aspect) {
    return new Instructions(prompt, seed, aspect, ImageSize.K1, ImageSize.K2, "d", "f");
  }

  private CallOutcome.Image draft(String prompt, long seed) {
    return (CallOutcome.Image) model.generate(GenerationRequest.draft(in(prompt, seed, new AspectRatio(16, 9))));
  }

  private static BufferedImage decode(byte[] bytes) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  private static double[] meanRgb(BufferedImage img, int y0, int y1) {
    double[] m = new double[3];
    int n = 0;
    for (int y = y0; y < y1; y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        int c = img.getRGB(x, y);
        m[0] += (c >> 16) & 0xff;
        m[1] += (c >> 8) & 0xff;
        m[2] += c & 0xff;
        n++;
      }
    }
    for (int k = 0; k < 3; k++) m[k] /= n;
    return m;
  }

  @Test
  void sameRequestGivesTheSameBytesAndAnotherSeedDoesNot() {
    assertThat(draft("misty mountains at dawn", 5).bytes()).isEqualTo(draft("misty mountains at dawn", 5).bytes());
    assertThat(draft("misty mountains at dawn", 5).bytes()).isNotEqualTo(draft("misty mountains at dawn", 6).bytes());
  }

  @Test
  void rendersTheSizeOfItsTierAndAspect() throws Exception {
    CallOutcome.Image d = draft("sky", 1);
    assertThat(new int[] {d.width(), d.height()}).containsExactly(1360, 768);
    CallOutcome.Image f = (CallOutcome.Image) model.generate(GenerationRequest.fromSeed(in("sky", 1, new AspectRatio(9, 16))));
    BufferedImage img = decode(f.bytes());
    assertThat(img.getWidth()).isEqualTo(f.width()).isLessThan(img.getHeight());
    assertThat((double) img.getWidth() * img.getHeight()).isBetween(0.95 * 2048 * 2048, 1.05 * 2048 * 2048);
  }

  @Test
  void nightPromptsAreDarkerThanDayPrompts() throws Exception {
    double night = 0, day = 0;
    for (long seed = 1; seed <= 12; seed++) {
      night += luma(decode(draft("lake under the stars at night", seed).bytes()));
      day += luma(decode(draft("lake on a sunny day", seed).bytes()));
    }
    assertThat(night).isLessThan(day * 0.6);
  }

  @Test
  void seaPromptsHaveBlueWaterAndAutumnForestsWarmTrees() throws Exception {
    BufferedImage sea = decode(((CallOutcome.Image) model.generate(GenerationRequest.fromSeed(in("the sea on a clear day", 1, new AspectRatio(16, 9))))).bytes());
    double[] water = meanRgb(sea, (int) (sea.getHeight() * 0.8), sea.getHeight());
    assertThat(water[2]).isGreaterThan(water[0]);
    BufferedImage autumn = decode(draft("autumn forest", 2).bytes());
    BufferedImage pine = decode(draft("pine forest", 2).bytes());
    assertThat(meanRgb(autumn, 0, autumn.getHeight())[0]).isGreaterThan(meanRgb(pine, 0, pine.getHeight())[0]);
  }

  @Test
  void aFinalLooksLikeItsDraftAtHigherResolution() {
    Instructions i = in("misty mountains at dawn", 1, new AspectRatio(16, 9));
    CallOutcome.Image d = (CallOutcome.Image) model.generate(GenerationRequest.draft(i));
    CallOutcome.Image f = (CallOutcome.Image) model.generate(GenerationRequest.fromSeed(i));
    assertThat(f.width()).isGreaterThan(d.width());
    long dh = Screen.perceptualHash(d.bytes()).orElseThrow(), fh = Screen.perceptualHash(f.bytes()).orElseThrow();
    assertThat(Long.bitCount(dh ^ fh)).isLessThanOrEqualTo(10);
  }

  @Test
  void someDraftsComeOutTooDarkOrTooBrightWithoutAnyPerSeedCase() throws Exception {
    int bad = 0, good = 0;
    for (long seed = 1; seed <= 40; seed++) {
      double l = luma(decode(draft("a mountain valley", seed).bytes()));
      if (l < 20 || l > 235) bad++;
      else good++;
    }
    assertThat(bad).isBetween(1, 20);
    assertThat(good).isGreaterThan(bad);
  }

  private static double luma(BufferedImage img) {
    double[] m = meanRgb(img, 0, img.getHeight());
    return 0.299 * m[0] + 0.587 * m[1] + 0.114 * m[2];
  }
}
