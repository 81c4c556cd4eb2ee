package dev.winnow.generate.gemini;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written Gemini wire bodies under {@code src/test/resources/gemini/} (see the README there). */
final class Fixtures {
  /** The fake key the tests use, and that {@code error-403-key-echo.json} echoes back. */
  static final String KEY = "winnow-test-key-7f3a9c2e5b1d4086";

  private Fixtures() {}

  static String read(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/gemini/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture gemini/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
