package dev.winnow.web;

import dev.winnow.ledger.Batch;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import dev.winnow.store.ImageStore;
import dev.winnow.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The images of one batch, found by candidate id and kind, never by a path from a request, in the store the ledger
 * records for the batch (a folder or a bucket). A ledger name that would lead outside the batch (by {@code ..}, an
 * absolute path or, in a folder, a symbolic link) is not served.
 */
final class BatchFiles {
  /** Which picture of a candidate. */
  enum Kind {
    DRAFT,
    FINAL
  }

  /** One stored picture: {@code name} says where it is (and keys a cache), {@link #bytes()} reads it. */
  record Picture(String name, String key, ImageStore store) {
    Optional<byte[]> bytes() {
      return store.get(key);
    }

    String mime() {
      return ImageStore.mimeOf(key);
    }
  }

  private final Ledger ledger;
  private final String batchId;
  private final Stores stores;

  BatchFiles(Ledger ledger, String batchId, Stores stores) {
    this.ledger = ledger;
    this.batchId = batchId;
    this.stores = stores;
  }

  Optional<Picture> find(Candidate c, Kind kind) {
    if (!c.batchId().equals(batchId)) return Optional.empty();
    String relative = switch (kind) {
      case DRAFT -> c.draftFile();
      case FINAL -> c.finalFile() != null ? c.finalFile() : c.renderFile();
    };
    if (relative == null || !staysInside(relative)) return Optional.empty();
    Optional<String> location = ledger.batch(batchId).map(Batch::outDir);
    if (location.isEmpty()) return Optional.empty();
    if (!Stores.isS3(location.get())) {
      Path root = Path.of(location.get()).resolve(batchId).toAbsolutePath().normalize();
      if (inside(root, relative).isEmpty()) return Optional.empty();
    }
    ImageStore store = ImageStore.of(stores.open(location.get()), batchId);
    return Optional.of(new Picture(store.name(relative), relative, store));
  }

  /** A relative name with no way up: the same test for a folder and a bucket, whose keys are only names. */
  private static boolean staysInside(String relative) {
    if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.contains(":")) return false;
    for (String part : relative.split("/")) {
      if (part.isEmpty() || part.equals("..") || part.equals(".")) return false;
    }
    return true;
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
