package dev.winnow.store;

import java.util.Optional;

/**
 * A batch's {@code manifest.jsonl}: one JSON line per delivered final, each entry named by the value of one field
 * (the candidate id), so a delivery finished again after a stop adds nothing. A folder appends to one file
 * ({@link FolderManifest}); a bucket keeps one object per entry ({@link S3Manifest}); both read back as JSONL.
 * Throws {@link StoreException} when the store cannot be reached.
 */
public interface Manifest {
  /**
   * Adds {@code jsonLine} unless an entry whose {@code field} is {@code value} is already there, and makes it durable
   * before returning: true when added, false when the entry was there.
   */
  boolean add(String field, long value, String jsonLine);

  /** Every entry, one line each ending in a newline, in the manifest's order; empty when there is none. */
  Optional<byte[]> jsonl();
}
