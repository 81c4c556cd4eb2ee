package dev.winnow.cli;

import dev.winnow.review.HumanReviewer;
import picocli.CommandLine.Option;

/** How a person (and a vision judge) review: shared by {@code run} and {@code review}. */
final class ReviewOptions {
  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address the review gallery listens on (default: ${DEFAULT-VALUE}, this machine only). Anything else exposes it to your network.")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port of the review gallery (default: any free port).")
  int port;

  @Option(names = "--undo-window", paramLabel = "SECONDS", defaultValue = "5",
      description = "How long a pick can be undone (Z) before it goes to the pipeline; an accept then starts its paid final (default: ${DEFAULT-VALUE}).")
  double undoWindow;

  @Option(names = "--buffer", paramLabel = "N", defaultValue = "" + HumanReviewer.DEFAULT_MAX_PENDING,
      description = "Survivors drafted ahead of the person reviewing, at most (default: ${DEFAULT-VALUE}).")
  int buffer;

  @Option(names = "--mixed", description = "With --review vision: the judge decides the cases it is sure of; a person decides the rest in the gallery.")
  boolean mixed;

  @Option(names = "--min-confidence", paramLabel = "0..1", defaultValue = "0.5",
      description = "With --mixed: how sure the judge must be to decide alone (default: ${DEFAULT-VALUE}).")
  double minConfidence;

  @Option(names = "--judge-model", paramLabel = "MODEL", defaultValue = "gemini-2.5-flash",
      description = "With --review vision on the gemini backend: the model that judges each draft, priced per token from the table's judges (default: ${DEFAULT-VALUE}).")
  String judgeModel;

  @Option(names = "--keep-open", description = "Keep the gallery and live report open after the batch ends, until Ctrl-C.")
  boolean keepOpen;
}
