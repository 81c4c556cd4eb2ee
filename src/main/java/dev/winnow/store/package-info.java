/**
 * Image files on disk: drafts, raw renders and delivered finals under {@code OUT/BATCH/}, each written to a temp
 * file, fsynced and atomically renamed so a crash never leaves half an image under a real name; PNG text metadata
 * ({@link dev.winnow.store.PngText}); the batch's {@code manifest.jsonl}. Knows nothing of the ledger.
 */
package dev.winnow.store;
