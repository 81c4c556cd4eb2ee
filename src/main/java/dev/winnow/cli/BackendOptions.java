package dev.winnow.cli;

import dev.winnow.generate.BackendChoice;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where images come from and what they cost: shared by commands that make calls. */
final class BackendOptions {
  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
      description = "local (offline procedural images, bills nothing), gemini (needs GEMINI_API_KEY or GOOGLE_API_KEY), or auto: gemini when a key is set, else local (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--api-base", paramLabel = "URL",
      description = "Send Gemini calls to this base URL instead of Google's (a proxy, a gateway, a test server). Also WINNOW_API_BASE.")
  URI apiBase;

  @Option(names = "--rpm", paramLabel = "N", defaultValue = "" + BackendChoice.DEFAULT_RPM,
      description = "Requests per minute allowed per model (default: ${DEFAULT-VALUE}); set it to your project's quota.")
  int rpm;

  @Option(names = "--prices", paramLabel = "FILE",
      description = "A YAML price file laid over the built-in dated table (same shape: models.<id>.sizes.<size>: USD).")
  Path prices;
}
