package dev.winnow.generate;

import dev.winnow.WinnowException;
import dev.winnow.generate.gemini.GeminiImageModel;
import java.net.URI;
import java.util.Optional;

/** Opens the Gemini backend, turning a bad setting into one usage line. */
final class GeminiBackend {
  private GeminiBackend() {}

  static ImageModel open(String apiKey, Optional<URI> baseUrl) {
    try {
      return GeminiImageModel.open(apiKey, baseUrl);
    } catch (IllegalArgumentException e) {
      // Settings validation names the setting; the key itself is never part of these messages.
      throw new WinnowException(e.getMessage(), WinnowException.USAGE);
    }
  }
}
