package dev.winnow.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes whole files so that a reader (or a resumed batch) sees either nothing or every byte. */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(Path target, byte[] bytes) {
    Path dir = target.getParent();
    Path tmp = dir.resolve("." + target.getFileName() + ".part");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        // The bytes must be durable before the rename makes them visible, or a power cut can leave an empty image.
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write already failed; the original error is the one to report
      }
      throw new StoreException("cannot write " + target + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
  }

  /**
   * Appends one line and fsyncs, so a manifest never loses a delivered file's entry. A line torn by a crash is ended
   * first, so the new line stays a line of its own.
   */
  static void appendLine(Path target, String line) {
    try {
      Files.createDirectories(target.getParent());
      boolean torn = endsTorn(target);
      // O_APPEND, so processes delivering other candidates at the same moment never write over each other
      try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(((torn ? "\n" : "") + line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
    } catch (IOException e) {
      throw new StoreException("cannot append to " + target + ": " + e.getMessage(), e);
    }
  }

  private static boolean endsTorn(Path file) throws IOException {
    if (!Files.exists(file)) return false;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() == 0) return false;
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      return last.get(0) != '\n';
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename itself durable on Linux; not supported everywhere, and losing it only risks the rename.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort by design
    }
  }
}
