package dev.winnow.pipeline;

import dev.winnow.screen.Screen;

/** How far a final strayed from its draft, in perceptual-hash bits (0 = same picture, ~32 = unrelated). */
final class Drift {
  private Drift() {}

  /** The hash of an image, or 0 when it cannot be decoded (every comparison then reads as large drift). */
  static long hashOf(byte[] image) {
    return Screen.perceptualHash(image).orElse(0L);
  }
}
