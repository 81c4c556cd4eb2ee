package dev.winnow.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Batches in a local folder, {@code OUT/BATCH/...}: the default, and what every batch before S3 support used. */
public final class FolderStore implements Store {
  private final Path out;

  public FolderStore(Path out) {
    this.out = out.toAbsolutePath();
  }

  @Override
  public String location() {
    return out.toString();
  }

  @Override
  public BatchObjects batch(String batchId) {
    return new FolderObjects(out.resolve(batchId));
  }

  @Override
  public void check(boolean writes) {
    if (!writes) return; // a folder that is gone only matters when a file in it is read, and that says which
    try {
      Files.createDirectories(out);
      Files.delete(Files.createTempFile(out, ".winnow-probe", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw StoreException.usage(out + " is not a writable folder: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    // nothing held open
  }
}
