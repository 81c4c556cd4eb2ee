package dev.winnow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raster fast paths read the same pixels as {@link BufferedImage#getRGB} (grey: as the file encodes it), whatever the layout. */
class PixelsTest {
  private static BufferedImage noise(int type) {
    BufferedImage image = new BufferedImage(203, 37, type);
    SplittableRandom r = new SplittableRandom(7);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) image.setRGB(x, y, 0xff000000 | r.nextInt(0x1000000));
    }
    return image;
  }

  /** What a pixel is: getRGB's answer, except for grey, which is the sample itself (see {@link Pixels}). */
  private static int expected(BufferedImage image, int x, int y) {
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_USHORT_GRAY) {
      int bits = image.getColorModel().getComponentSize(0);
      int v = image.getRaster().getSample(x, y, 0) >>> (bits - 8);
      return v << 16 | v << 8 | v;
    }
    return image.getRGB(x, y) & 0xffffff;
  }

  @ParameterizedTest
  @ValueSource(ints = {
    BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
    BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_BYTE_INDEXED
  })
  void rowsAndLumaMatchGetRgbForEveryStep(int type) {
    BufferedImage image = noise(type);
    for (int step : new int[] {1, 3, 4}) {
      Pixels pixels = new Pixels(image, step);
      int n = pixels.samplesPerRow();
      assertThat(n).isEqualTo((image.getWidth() + step - 1) / step);
      int[] rgb = new int[n], luma = new int[n], every2 = new int[n];
      for (int y = 0; y < image.getHeight(); y += 5) {
        pixels.row(y, 1, rgb);
        pixels.luma(y, luma);
        pixels.row(y, 2, every2);
        for (int i = 0; i < n; i++) {
          int expected = expected(image, i * step, y);
          assertThat(rgb[i]).as("type %d step %d (%d, %d)", type, step, i * step, y).isEqualTo(expected);
          int weighed = Pixels.R * (expected >>> 16) + Pixels.G * ((expected >> 8) & 0xff) + Pixels.B * (expected & 0xff);
          assertThat(luma[i]).as("luma, type %d step %d (%d, %d)", type, step, i * step, y).isEqualTo(weighed);
        }
        for (int i = 0; i < (n + 1) / 2; i++) assertThat(every2[i]).isEqualTo(rgb[2 * i]);
      }
    }
  }
}
