package dev.winnow.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The screen decodes only the pixels it reads ({@link Decoder#sample}). That must change nothing it reports: the same
 * measurements and fingerprint as from the whole picture, and the same verdict on a broken file.
 */
class DecoderTest {
  /** A detailed picture at an awkward size (not a multiple of the sampling period), in the given layout. */
  private static BufferedImage picture(int type) {
    BufferedImage photo = read(Fixtures.bytes("ladybird.jpg"));
    BufferedImage image = new BufferedImage(1283, 797, type);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(photo, 0, 0, image.getWidth(), image.getHeight(), null);
    g.dispose();
    // Pixel-level noise, so a sample read from the wrong pixel would show.
    SplittableRandom random = new SplittableRandom(11);
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = random.nextInt(5); x < image.getWidth(); x += 1 + random.nextInt(7)) image.setRGB(x, y, 0xff000000 | random.nextInt(0x1000000));
    }
    return image;
  }

  private static BufferedImage read(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(ImageIO.write(image, format, out)).as("a %s writer for type %d", format, image.getType()).isTrue();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Decoder.Decoded sampled(byte[] bytes) {
    return Decoder.sample(bytes, Long.MAX_VALUE, Measure::period).decoded().orElseThrow();
  }

  private static Decoder.Decoded whole(byte[] bytes) {
    return Decoder.decode(bytes, Long.MAX_VALUE).decoded().orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({
    "5, png", "5, jpg", "6, png", "2, png", "10, png", "10, jpg", "11, png", "13, png"
  })
  void samplesMeasureExactlyAsTheWholePicture(int type, String format) {
    byte[] bytes = encode(picture(type), format);
    Decoder.Decoded whole = whole(bytes), sampled = sampled(bytes);
    int period = Measure.period(1283);
    assertThat(period).isGreaterThan(1);
    assertThat(whole.period()).isEqualTo(1);
    assertThat(whole.image().getWidth()).isEqualTo(1283);
    assertThat(sampled.period()).as("the reader subsampled").isEqualTo(period);
    assertThat(sampled.image().getWidth()).isEqualTo((1283 + period - 1) / period);
    assertThat(sampled.image().getHeight()).isEqualTo((797 + period - 1) / period);
    assertThat(List.of(sampled.width(), sampled.height())).isEqualTo(List.of(1283, 797));

    Measure.Result fromWhole = Measure.of(whole), fromSamples = Measure.of(sampled);
    assertThat(fromSamples.metrics()).isEqualTo(fromWhole.metrics());
    assertThat(fromSamples.twoTone()).isEqualTo(fromWhole.twoTone());
    assertThat(fromSamples.fingerprint().toBytes()).isEqualTo(fromWhole.fingerprint().toBytes());
    // And the whole picture measured as before this change.
    assertThat(Measure.of(whole.image()).metrics()).isEqualTo(fromWhole.metrics());
  }

  @Test
  void aSmallImageIsReadWhole() {
    Decoder.Decoded d = sampled(Fixtures.bytes("garden.jpg"));
    assertThat(d.period()).isEqualTo(1);
    assertThat(d.image().getWidth()).isEqualTo(400);
  }

  @ParameterizedTest
  @CsvSource({"5, jpg", "5, png", "10, png"})
  void aCutFileFailsWhenSampledExactlyWhereItFailsWhole(int type, String format) {
    byte[] bytes = encode(picture(type), format);
    int failures = 0;
    for (double kept : new double[] {0.1, 0.5, 0.9, 0.99, 0.999}) {
      failures += sameVerdict(Arrays.copyOf(bytes, (int) (bytes.length * kept)));
    }
    for (int cut : new int[] {200, 50, 20, 12, 2, 1}) failures += sameVerdict(Arrays.copyOf(bytes, bytes.length - cut));
    // Most of those cuts break the file; the last few bytes of a PNG are only its end marker.
    assertThat(failures).isGreaterThanOrEqualTo(5);
  }

  /** Asserts both decodes agree on whether the bytes are a picture; 1 when neither could decode them. */
  private static int sameVerdict(byte[] cut) {
    boolean whole = Decoder.decode(cut, Long.MAX_VALUE).decoded().isPresent();
    boolean sampled = Decoder.sample(cut, Long.MAX_VALUE, Measure::period).decoded().isPresent();
    assertThat(sampled).as("sampled decode of %d bytes", cut.length).isEqualTo(whole);
    return whole ? 0 : 1;
  }

  @Test
  void aLargeLossyWebPIsSampledAndMeasuresLikeTheSamePhotoAsJpeg() {
    // garden-large.webp is garden.jpg's source at four times the size, through cwebp -q 80. TwelveMonkeys' reader
    // before 3.15 decoded it with a growing colour error, at a third of its brightness.
    byte[] webp = Fixtures.bytes("garden-large.webp");
    Decoder.Decoded d = sampled(webp);
    assertThat(d.width()).isEqualTo(1600);
    assertThat(d.period()).isEqualTo(Measure.period(1600));
    ImageMetrics large = Measure.of(d).metrics(), small = Measure.of(whole(Fixtures.bytes("garden.jpg"))).metrics();
    assertThat(large.brightness()).isCloseTo(small.brightness(), offset(1.5));
    assertThat(large.contrast()).isCloseTo(small.contrast(), offset(1.5));

    Screen screen = new Screen(Fixtures.lenient());
    assertThat(screen.check("garden.jpg", Fixtures.bytes("garden.jpg"), null).pass()).isTrue();
    ScreenVerdict copy = screen.check("garden-large.webp", webp, null);
    assertThat(copy.duplicateOf()).contains("garden.jpg");
  }
}
