package dev.winnow.cli;

import dev.winnow.WinnowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local folders commands write into, checked before any work: one line naming the option and why. */
final class Folders {
  private Folders() {}

  /**
   * Creates {@code dir} if missing and proves it writable by writing and deleting a probe file (permission bits alone
   * say nothing when running as root). {@code name} is the option or argument that gave it ({@code --out}, {@code DIR}).
   */
  static void writable(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".winnow-probe", ".tmp");
      Files.delete(probe);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new WinnowException(name + " " + dir + " is not a writable folder: permission denied", WinnowException.USAGE);
    } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.NotDirectoryException e) {
      throw new WinnowException(name + " " + dir + " is not a writable folder: a file is in the way", WinnowException.USAGE);
    } catch (java.nio.file.FileSystemException e) {
      String reason = e.getReason() == null ? "cannot create it" : e.getReason().toLowerCase(java.util.Locale.ROOT);
      throw new WinnowException(name + " " + dir + " is not a writable folder: " + reason, WinnowException.USAGE);
    } catch (IOException | SecurityException e) {
      throw new WinnowException(name + " " + dir + " is not a writable folder: " + e.getMessage(), WinnowException.USAGE);
    }
  }
}
