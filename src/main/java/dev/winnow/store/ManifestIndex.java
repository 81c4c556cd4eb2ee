package dev.winnow.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The values of one key in a JSONL manifest, read incrementally: each look reads only the complete lines appended
 * since the last one, whoever appended them. A torn last line (a crash mid-append) is skipped: its entry is written
 * again by the delivery that finishes it.
 */
final class ManifestIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final String key;
  private final Set<Long> values = new HashSet<>();
  private long readUpTo;

  ManifestIndex(Path file, String key) {
    this.file = file;
    this.key = key;
  }

  boolean contains(long value) {
    if (values.contains(value)) return true;
    catchUp();
    return values.contains(value);
  }

  private void catchUp() {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < readUpTo) { // replaced by a shorter file: start again
        values.clear();
        readUpTo = 0;
      }
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      long pos = readUpTo;
      while (pos < size) {
        buf.clear();
        int n = ch.read(buf, pos);
        if (n <= 0) break;
        for (int i = 0; i < n; i++) {
          byte b = buf.get(i);
          if (b == '\n') {
            take(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            readUpTo = pos + i + 1;
          } else {
            pending.write(b);
          }
        }
        pos += n;
      }
    } catch (NoSuchFileException e) {
      // no manifest yet: nothing delivered
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
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
