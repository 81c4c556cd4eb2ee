package dev.winnow.generate;

import dev.winnow.WinnowException;
import java.net.URI;
import java.util.Optional;

/** Opens the Gemini backend. */
final class GeminiBackend {
  private GeminiBackend() {}

  static ImageModel open(String apiKey, Optional<URI> baseUrl) {
    throw new WinnowException("the gemini backend is not part of this build yet; use --backend local", WinnowException.USAGE);
  }
}
