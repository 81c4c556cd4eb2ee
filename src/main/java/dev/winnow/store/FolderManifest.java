package dev.winnow.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest as one {@code manifest.jsonl} in the batch folder. Each line is appended with O_APPEND and fsynced, which
 * is atomic on a local file system, so every process on the machine shares the one file and it keeps the delivery order.
 */
final class FolderManifest implements Manifest {
  static final String FILE = "manifest.jsonl";
  private final BatchObjects objects;
  private final Path file;
  private final Map<String, ManifestIndex> indexes = new HashMap<>();

  FolderManifest(BatchObjects objects, Path file) {
    this.objects = objects;
    this.file = file;
  }

  // Synchronized: the index is this process's memory of the file, and two threads must not both miss a value and
  // append it twice.
  @Override
  public synchronized boolean add(String field, long value, String jsonLine) {
    ManifestIndex index = indexes.computeIfAbsent(field, f -> new ManifestIndex(objects, FILE, f));
    if (index.contains(value)) return false;
    AtomicFiles.appendLine(file, jsonLine);
    return true;
  }

  @Override
  public Optional<byte[]> jsonl() {
    return objects.get(FILE);
  }
}
