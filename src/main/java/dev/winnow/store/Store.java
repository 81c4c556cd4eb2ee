package dev.winnow.store;

/**
 * Where batches keep their images: a local folder (the default) or an S3-compatible bucket. The ledger records
 * {@link #location()} for each batch, so every later command finds the batch's images where its run put them.
 */
public interface Store extends AutoCloseable {
  /** What the ledger records and {@link Stores#open} reads back: an absolute folder path or {@code s3://bucket/prefix}. */
  String location();

  /** The objects of one batch, under {@code LOCATION/BATCH/}. */
  BatchObjects batch(String batchId);

  /**
   * Checks the store answers (and, with {@code writes}, takes a write) before anything is paid for, so a mistake in
   * the location or the credentials stops a command before it makes a call. Throws {@link StoreException}.
   */
  void check(boolean writes);

  @Override
  void close();
}
