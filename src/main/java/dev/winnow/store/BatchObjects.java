package dev.winnow.store;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The objects of one batch, addressed by keys relative to the batch's root ({@code drafts/c1-s7.png},
 * {@code finals/b1-fox-s3.png}): the same keys whether the batch lives in a local folder or in an S3 bucket, so the ledger's
 * file names mean the same in both. Every method throws {@link StoreException} when the store cannot be reached.
 */
public interface BatchObjects {
  /** Where the object lives, for people and for output: a file path or an {@code s3://} URL. */
  String name(String key);

  /** Writes the whole object, replacing any before it; a reader sees either the old bytes or all the new ones. */
  void put(String key, byte[] bytes);

  /**
   * Writes the object only if nothing is there yet, atomically with the check where the store allows: true when
   * written, false when an object was already there, which is left as it is whatever it holds.
   */
  boolean putIfAbsent(String key, byte[] bytes);

  /**
   * As {@link #putIfAbsent}, for images: false when an identical object was already there (a write finished again
   * after a stop). A different object already there is never overwritten: that is a {@link StoreException}, because
   * two writers disagree about an image that was paid for.
   */
  default boolean putOnce(String key, byte[] bytes) {
    if (putIfAbsent(key, bytes)) return true;
    byte[] there = get(key).orElse(new byte[0]);
    if (Arrays.equals(there, bytes)) return false;
    throw new StoreException(name(key) + " already holds a different image; it was not overwritten", null);
  }

  Optional<byte[]> get(String key);

  boolean exists(String key);

  /**
   * The first of the keys {@code stem + suffix} that exists, the suffixes tried in order: an image whose extension
   * depended on what the model returned.
   */
  Optional<String> findFirst(String stem, List<String> suffixes);

  /** The object's length in bytes, or -1 when there is none. */
  long size(String key);

  /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of an object at least {@code to} long. */
  byte[] read(String key, long from, long to);

  /** The batch's manifest, kept in whatever layout suits this store (one file, or one object per entry). */
  Manifest manifest();

  /** The keys under {@code prefix} (such as {@code finals/}), sorted. */
  List<String> list(String prefix);
}
