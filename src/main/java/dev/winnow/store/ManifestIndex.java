package dev.winnow.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The values of one field in a JSONL manifest object, read incrementally: each look reads only the complete lines
 * appended since the last one, whoever appended them. A torn last line (a crash mid-append) is skipped: its entry is
 * written again by the delivery that finishes it.
 */
final class ManifestIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BatchObjects objects;
  private final String manifest;
  private final String field;
  private final Set<Long> values = new HashSet<>();
  private long readUpTo;

  ManifestIndex(BatchObjects objects, String manifest, String field) {
    this.objects = objects;
    this.manifest = manifest;
    this.field = field;
  }

  boolean contains(long value) {
    if (values.contains(value)) return true;
    catchUp();
    return values.contains(value);
  }

  /** The value of {@code field} in one JSON line, if it has one: a line torn by a crash has none. */
  static OptionalLong valueOf(String line, String field) {
    if (line.isBlank()) return OptionalLong.empty();
    try {
      var v = JSON.readTree(line).path(field);
      return v.canConvertToLong() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
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
      valueOf(new String(fresh, lineStart, i - lineStart, StandardCharsets.UTF_8), field).ifPresent(values::add);
      lineStart = i + 1;
    }
    readUpTo += lineStart; // a last line without its newline is read again, whole, next time
  }
}
