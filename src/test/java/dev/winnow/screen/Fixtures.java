package dev.winnow.screen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The screen's test images, from src/test/resources/screen (see its README for where they come from). */
final class Fixtures {
  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/screen/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture screen/" + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Fingerprint fingerprint(String name) {
    return Screen.fingerprint(bytes(name)).orElseThrow(() -> new IllegalStateException(name + " does not decode"));
  }

  /** The default settings, but for sizes and blur: the fixtures are small, and these tests are about duplicates. */
  static ScreenSettings lenient() {
    ScreenSettings d = ScreenSettings.defaults();
    return new ScreenSettings(1, d.aspectTolerance(), d.minBrightness(), d.maxBrightness(), Double.POSITIVE_INFINITY, d.minContrast(), d.duplicateDistance(), d.maxPixels());
  }
}
