package dev.winnow.web;

import dev.winnow.ledger.Batch;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The image files of one batch, found by candidate id and kind, never by a path from a request. A ledger path that
 * would lead outside the batch's folder (by {@code ..}, an absolute path or a symbolic link) is not served.
 */
final class BatchFiles {
  /** Which picture of a candidate. */
  enum Kind {
    DRAFT,
    FINAL
  }

  private final Ledger ledger;
  private final String batchId;

  BatchFiles(Ledger ledger, String batchId) {
    this.ledger = ledger;
    this.batchId = batchId;
  }

  /** OUT/BATCH, once the batch exists in the ledger. */
  Optional<Path> root() {
    return ledger.batch(batchId).map(Batch::outDir).map(dir -> Path.of(dir).resolve(batchId).toAbsolutePath().normalize());
  }

  Optional<Path> find(Candidate c, Kind kind) {
    if (!c.batchId().equals(batchId)) return Optional.empty();
    String relative = switch (kind) {
      case DRAFT -> c.draftFile();
      case FINAL -> c.finalFile() != null ? c.finalFile() : c.renderFile();
    };
    if (relative == null) return Optional.empty();
    return root().flatMap(root -> inside(root, relative));
  }

  static Optional<Path> inside(Path root, String relative) {
    Path rel = Path.of(relative);
    if (rel.isAbsolute()) return Optional.empty();
    Path file = root.resolve(rel).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) return Optional.empty();
    try {
      // A symbolic link inside the folder may still point out of it.
      if (!file.toRealPath().startsWith(root.toRealPath())) return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(file);
  }
}
