package dev.winnow.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
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
      writeDurably(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw failed(target, e);
    }
  }

  /**
   * As {@link #write}, but only if {@code target} does not exist: false (and nothing written) when it does. The
   * durable temp file is hard-linked under the real name, which fails atomically if the name is taken, where a
   * rename would silently replace it.
   */
  static boolean writeOnce(Path target, byte[] bytes) {
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // A temp file of its own: two processes writing the same image must not share one inode that one of them links.
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      writeDurably(tmp, bytes);
      if (!linkOrMove(tmp, target)) return false;
      syncDirectory(dir);
      return true;
    } catch (IOException e) {
      throw failed(target, e);
    } finally {
      if (tmp != null) deleteQuietly(tmp);
    }
  }

  /** False when {@code target} is taken. */
  private static boolean linkOrMove(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // A file system without hard links: a move that refuses to replace, though not atomic with the check.
      try {
        Files.move(tmp, target);
        return true;
      } catch (FileAlreadyExistsException taken) {
        return false;
      }
    }
  }

  private static void writeDurably(Path tmp, byte[] bytes) throws IOException {
    Files.createDirectories(tmp.getParent());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      // The bytes must be durable before the rename makes them visible, or a power cut can leave an empty image.
      ch.force(true);
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // the write already failed or finished; that outcome is the one to report
    }
  }

  private static StoreException failed(Path target, IOException e) {
    return new StoreException("cannot write " + target + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
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
