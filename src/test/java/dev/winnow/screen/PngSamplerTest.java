package dev.winnow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PngSampler} must give the screen exactly what ImageIO's PNG reader gives it, on every PNG layout: the same image
 * type, the same sample values at the same places, and so the same measurements; and it must accept no file ImageIO
 * rejects.
 */
class PngSamplerTest {
  static Stream<PngFiles.Layout> layouts() {
    List<PngFiles.Layout> all = new ArrayList<>();
    for (boolean trns : new boolean[] {false, true}) {
      for (int depth : new int[] {1, 2, 4, 8, 16}) all.add(new PngFiles.Layout(0, depth, 0, trns));
      for (int depth : new int[] {8, 16}) all.add(new PngFiles.Layout(2, depth, 0, trns));
      for (int depth : new int[] {1, 2, 4, 8}) {
        all.add(new PngFiles.Layout(3, depth, 1 << depth, trns));
        all.add(new PngFiles.Layout(3, depth, Math.max(1, (1 << depth) - 1), trns)); // a short palette
      }
    }
    for (int depth : new int[] {8, 16}) {
      all.add(new PngFiles.Layout(4, depth, 0, false));
      all.add(new PngFiles.Layout(6, depth, 0, false));
    }
    return all.stream();
  }

  /** Sizes with periods 5, 2, 1 and 11, none a multiple of its period. */
  static Stream<Arguments> layoutsAndSizes() {
    int[][] sizes = {{1283, 97}, {701, 43}, {37, 23}, {3001, 9}};
    return layouts().flatMap(l -> Arrays.stream(sizes).map(s -> Arguments.of(l, s[0], s[1])));
  }

  @ParameterizedTest(name = "{0} {1}x{2}")
  @MethodSource("layoutsAndSizes")
  void samplesAreImageIOsSamples(PngFiles.Layout layout, int width, int height) throws IOException {
    byte[] png = PngFiles.write(layout, width, height, width * 31L + layout.hashCode());
    int period = Measure.period(width);
    BufferedImage expected = imageIO(png, period);
    BufferedImage actual = PngSampler.sample(png, type(png), period).orElseThrow(() -> new AssertionError("fell back to ImageIO"));
    assertThat(actual.getColorModel()).isEqualTo(expected.getColorModel());
    assertThat(actual.getSampleModel().getClass()).isEqualTo(expected.getSampleModel().getClass());
    assertThat(actual.getType()).isEqualTo(expected.getType());
    assertThat(samples(actual)).isEqualTo(samples(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void theScreenMeasuresTheSameAsFromImageIOsWholePicture(PngFiles.Layout layout) {
    byte[] png = PngFiles.write(layout, 1283, 331, 7);
    Measure.Result fast = Measure.of(Decoder.sample(png, Long.MAX_VALUE, Measure::period).decoded().orElseThrow());
    Measure.Result whole = Measure.of(Decoder.decode(png, Long.MAX_VALUE).decoded().orElseThrow());
    assertThat(fast.metrics()).isEqualTo(whole.metrics());
    assertThat(fast.twoTone()).isEqualTo(whole.twoTone());
    assertThat(fast.fingerprint().toBytes()).isEqualTo(whole.fingerprint().toBytes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void aCutFileFailsExactlyWhereImageIOFails(PngFiles.Layout layout) {
    byte[] png = PngFiles.write(layout, 600, 61, 3);
    int failures = 0;
    for (int cut = 1; cut < png.length; cut += 1 + cut / 4) {
      failures += sameVerdict(Arrays.copyOf(png, png.length - cut));
    }
    assertThat(failures).isGreaterThan(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void aDamagedFileFailsExactlyWhereImageIOFails(PngFiles.Layout layout) {
    byte[] png = PngFiles.write(layout, 600, 61, 5);
    for (int at = 8; at < png.length; at += 1 + at / 3) {
      for (int flip : new int[] {0x01, 0x80, 0xff}) {
        byte[] damaged = png.clone();
        damaged[at] ^= (byte) flip;
        sameVerdict(damaged);
      }
    }
  }

  @Test
  void anUnknownRowFilterIsRejected() {
    byte[] row = {5, 1, 2, 3}, above = new byte[4];
    assertThat(PngSampler.unfilter(row, above, 1)).isFalse();
    row[0] = 4;
    assertThat(PngSampler.unfilter(row, above, 1)).isTrue();
  }

  @Test
  void anInterlacedFileIsLeftToImageIO() throws IOException {
    byte[] png = PngFiles.write(new PngFiles.Layout(2, 8, 0, false), 64, 8, 1);
    byte[] interlaced = png.clone();
    interlaced[28] = 1;
    assertThat(PngSampler.sample(interlaced, type(png), 1)).isEmpty();
  }

  /** Asserts the screen's decode and ImageIO's whole decode agree on whether the bytes are a picture; 1 if not one. */
  private static int sameVerdict(byte[] bytes) {
    Optional<Decoder.Decoded> whole = Decoder.decode(bytes, Long.MAX_VALUE).decoded();
    Optional<Decoder.Decoded> sampled = Decoder.sample(bytes, Long.MAX_VALUE, Measure::period).decoded();
    assertThat(sampled.isPresent()).as("screen's decode of %d bytes", bytes.length).isEqualTo(whole.isPresent());
    return whole.isPresent() ? 0 : 1;
  }

  private static int[] samples(BufferedImage image) {
    Raster r = image.getRaster();
    return r.getPixels(0, 0, r.getWidth(), r.getHeight(), (int[]) null);
  }

  private static BufferedImage imageIO(byte[] png, int period) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = pngReader(in);
      ImageReadParam param = reader.getDefaultReadParam();
      if (period > 1) param.setSourceSubsampling(period, period, 0, 0);
      return reader.read(0, param);
    }
  }

  private static ImageTypeSpecifier type(byte[] png) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      return pngReader(in).getImageTypes(0).next();
    }
  }

  private static ImageReader pngReader(ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    ImageReader reader = readers.next();
    reader.setInput(in, true, true);
    return reader;
  }
}
