package dev.winnow.generate;

import dev.winnow.WinnowException;
import dev.winnow.generate.gemini.GeminiSettings;
import dev.winnow.generate.gemini.GeminiVisionModel;
import dev.winnow.generate.local.LocalImageModel;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Picks and opens the backend a run uses. {@code auto} means gemini when an API key is in the environment and local
 * otherwise, so a fresh machine runs offline. The key is read here and handed to the backend only; nothing else
 * ever holds it.
 */
public final class BackendChoice {
  public static final int DEFAULT_RPM = 500;

  private BackendChoice() {}

  public static ImageModel open(String name, Optional<URI> apiBase, Map<String, String> env) {
    Optional<String> key = apiKey(env);
    String choice = name.trim().toLowerCase(java.util.Locale.ROOT);
    if (choice.equals("auto")) choice = key.isPresent() ? "gemini" : "local";
    switch (choice) {
      case "local":
        return new LocalImageModel();
      case "gemini":
        if (key.isEmpty()) {
          throw new WinnowException("--backend gemini needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or use --backend local", WinnowException.USAGE);
        }
        Optional<URI> base = apiBase.or(() -> Optional.ofNullable(env.get("WINNOW_API_BASE")).filter(s -> !s.isBlank()).map(URI::create));
        return GeminiBackend.open(key.get(), base);
      default:
        throw new WinnowException("--backend: '" + name + "' is not allowed (use auto, local, gemini)", WinnowException.USAGE);
    }
  }

  /**
   * The vision model a {@code --review vision} run judges with: Gemini, with the same key and endpoint, when the
   * images come from Gemini; none on the local backend, where the labelled local stand-in judges instead.
   */
  public static Optional<VisionModel> openJudge(ImageModel images, Optional<URI> apiBase, Map<String, String> env) {
    if (!images.backend().equals("gemini")) return Optional.empty();
    String key = apiKey(env).orElseThrow(() -> new WinnowException("the gemini judge needs GEMINI_API_KEY or GOOGLE_API_KEY", WinnowException.USAGE));
    Optional<URI> base = apiBase.or(() -> Optional.ofNullable(env.get("WINNOW_API_BASE")).filter(s -> !s.isBlank()).map(URI::create));
    try {
      return Optional.of(GeminiVisionModel.create(GeminiSettings.of(key).withBaseUrl(base)));
    } catch (IllegalArgumentException e) {
      throw new WinnowException(e.getMessage(), WinnowException.USAGE);
    }
  }

  static Optional<String> apiKey(Map<String, String> env) {
    return Optional.ofNullable(env.get("GEMINI_API_KEY")).or(() -> Optional.ofNullable(env.get("GOOGLE_API_KEY"))).filter(k -> !k.isBlank());
  }
}
