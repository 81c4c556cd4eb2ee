package dev.winnow.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The values of one key in a JSONL manifest, read incrementally: each look reads only the complete lines appended
 * since the last one, whoever appended them. A torn last line (a crash mid-append) is skipped: its entry is written
 * again by the delivery that finishes it.
 */
final class ManifestIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BatchObjects objects;
  private final String manifest;
  private final String key;
  private final Set<Long> values = new HashSet<>();
  private long readUpTo;

  ManifestIndex(BatchObjects objects, String manifest, String key) {
    this.objects = objects;
    this.manifest = manifest;
    this.key = key;
  }

  boolean contains(long value) {
    if (values.contains(value)) return true;
    catchUp();
    return values.contains(value);
  }

  private void catchUp() {
    long size = objects.size(manifest);
    if (size < 0) return; // no manifest yet: nothing delivered
    if (size < readUpTo) { // replaced by a shorter one: start again
      values.clear();
      readUpTo = 0;
    }
    byte[] fresh = objects.read(manifest, readUpTo, size);
    int lineStart = 0;
    for (int i = 0; i < fresh.length; i++) {
      if (fresh[i] != '\n') continue;
      take(new String(fresh, lineStart, i - lineStart, StandardCharsets.UTF_8));
      lineStart = i + 1;
    }
    readUpTo += lineStart; // a last line without its newline is read again, whole, next time
  }

  private void take(String line) {
    if (line.isBlank()) return;
    try {
      var v = JSON.readTree(line).path(key);
      if (v.canConvertToLong()) values.add(v.asLong());
    } catch (IOException e) {
      // a line torn by a crash and then followed by others: not an entry
    }
  }
}
