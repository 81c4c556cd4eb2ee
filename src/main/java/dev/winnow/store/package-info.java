/**
 * Where a batch's images live: drafts, raw renders and delivered finals under {@code OUT/BATCH/} in a local folder
 * (each written to a temp file, fsynced and atomically renamed) or under {@code s3://bucket/prefix/BATCH/} (whole-object
 * PUTs, conditional where an image must be written once); PNG text metadata ({@link dev.winnow.store.PngText}); the
 * batch's manifest ({@link dev.winnow.store.Manifest}: one appended file in a folder, one object per entry in a
 * bucket). {@link dev.winnow.store.Stores} opens a location, {@link dev.winnow.store.ImageStore}
 * names a batch's files. Knows nothing of the ledger.
 */
package dev.winnow.store;
