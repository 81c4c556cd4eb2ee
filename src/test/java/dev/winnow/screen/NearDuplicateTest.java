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
