package dev.winnow.screen;

import static dev.winnow.screen.Fixtures.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which real pictures the screen calls copies of one another, and which it must not. */
class NearDuplicateTest {
  private static final List<String> ALL = List.of("garden.jpg", "garden-resized.jpg", "garden-q60.jpg", "garden-crop.jpg", "garden-rotate2.jpg",
      "garden-bright.jpg", "garden-watermark.jpg", "ladybird.jpg", "storm-dark.jpg", "storm-dark-q60.jpg", "dune-dark.jpg", "mate-cold.jpg",
      "mate-warm.jpg", "flat-red.png", "flat-blue.png", "gradient-full.png", "gradient-dim.png", "gradient-blue.png");

  @ParameterizedTest
  @ValueSource(strings = {"garden-resized.jpg", "garden-q60.jpg", "garden-crop.jpg", "garden-rotate2.jpg", "garden-bright.jpg", "garden-watermark.jpg"})
  void aCopyOfAPhotoIsTheSameImage(String copy) {
    assertThat(fingerprint("garden.jpg").sameImage(fingerprint(copy))).isTrue();
  }

  @Test
  void aDarkPhotoAndItsJpegCopyAreTheSameImage() {
    assertThat(fingerprint("storm-dark.jpg").sameImage(fingerprint("storm-dark-q60.jpg"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "garden.jpg, ladybird.jpg",
    "storm-dark.jpg, dune-dark.jpg",
    "mate-cold.jpg, mate-warm.jpg",
    "flat-red.png, flat-blue.png",
    "gradient-full.png, gradient-dim.png",
    "gradient-full.png, gradient-blue.png",
    "gradient-dim.png, gradient-blue.png",
  })
  void differentPicturesAreNotTheSameImage(String a, String b) {
    assertThat(fingerprint(a).sameImage(fingerprint(b))).isFalse();
  }

  /** A draft of the local backend, fingerprinted as the pipeline does. */
  private static Fingerprint localDraft(String prompt, long seed) {
    var in = new dev.winnow.spec.Instructions(prompt, seed, dev.winnow.spec.AspectRatio.parse("16:9").orElseThrow(),
        dev.winnow.spec.ImageSize.K1, dev.winnow.spec.ImageSize.K2, "draft", "final");
    var image = (dev.winnow.generate.CallOutcome.Image) new dev.winnow.generate.local.LocalImageModel().generate(dev.winnow.generate.GenerationRequest.draft(in));
    return Screen.fingerprint(image.bytes()).orElseThrow();
  }

  @Test
  void twoSkiesWithTheSunAndThePeaksElsewhereAreDifferentPicturesThoughTheyCorrelate() {
    // Seeds 3 and 5 paint other ridges, clouds and sun positions under the same sky-to-ground gradient.
    Fingerprint a = localDraft("misty mountains at dawn", 3), b = localDraft("misty mountains at dawn", 5);
    Fingerprint first = a.compareForPairing(b) <= 0 ? a : b, second = first == a ? b : a;
    Likeness likeness = Likeness.of(first, second);
    assertThat(likeness.correlation()).as("the gradient alone makes them look alike").isGreaterThan(Likeness.MIN_CORRELATION);
    assertThat(likeness.structure()).isLessThan(Likeness.MIN_STRUCTURE);
    assertThat(a.sameImage(b)).isFalse();
  }

  @Test
  void aRampAndItsJpegCopyAreTheSameImageThoughARampHasNoStructureBeyondItsGradient() throws java.io.IOException {
    var ramp = new java.awt.image.BufferedImage(640, 400, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 400; y++) {
      for (int x = 0; x < 640; x++) ramp.setRGB(x, y, (20 + y * 200 / 400) << 16 | (40 + x * 150 / 640) << 8 | 90);
    }
    Fingerprint png = Screen.fingerprint(encode(ramp, "png")).orElseThrow(), jpeg = Screen.fingerprint(encode(ramp, "jpeg")).orElseThrow();
    assertThat(jpeg).isNotEqualTo(png);
    assertThat(png.sameImage(jpeg)).isTrue();
  }

  private static byte[] encode(java.awt.image.BufferedImage image, String format) throws java.io.IOException {
    var out = new java.io.ByteArrayOutputStream();
    assertThat(javax.imageio.ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  @Test
  void theSameFileTwiceIsTheSameImage() {
    assertThat(fingerprint("ladybird.jpg").sameImage(fingerprint("ladybird.jpg"))).isTrue();
  }

  @Test
  void aSolidFillIsNeverCalledACopyNotEvenOfItself() {
    // Nothing in a solid fill says which picture it is; the screen rejects it as flat anyway.
    assertThat(fingerprint("flat-red.png").sameImage(fingerprint("flat-red.png"))).isFalse();
  }

  @Test
  void theAnswerDoesNotDependOnWhichSideAsks() {
    for (String a : ALL) {
      for (String b : ALL) {
        assertThat(fingerprint(a).sameImage(fingerprint(b))).as("%s ~ %s", a, b).isEqualTo(fingerprint(b).sameImage(fingerprint(a)));
      }
    }
  }

  @Test
  void copiesHashWithinTheScreensRadiusSoTheIndexFindsThem() {
    int radius = ScreenSettings.defaults().duplicateDistance();
    long original = fingerprint("garden.jpg").hash();
    for (String copy : List.of("garden-resized.jpg", "garden-q60.jpg", "garden-crop.jpg", "garden-rotate2.jpg", "garden-bright.jpg", "garden-watermark.jpg")) {
      assertThat(Long.bitCount(original ^ fingerprint(copy).hash())).as(copy).isLessThanOrEqualTo(radius);
    }
  }
}
