package dev.winnow.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A batch's objects as files under {@code OUT/BATCH/}: written to a temp file, fsynced and renamed (or linked). */
final class FolderObjects implements BatchObjects {
  private final Path root;

  FolderObjects(Path root) {
    this.root = root;
  }

  private Path file(String key) {
    return root.resolve(key);
  }

  @Override
  public String name(String key) {
    return file(key).toString();
  }

  @Override
  public void put(String key, byte[] bytes) {
    AtomicFiles.write(file(key), bytes);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    return AtomicFiles.writeOnce(file(key), bytes);
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      return Optional.of(Files.readAllBytes(file(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + file(key) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(file(key));
  }

  @Override
  public Optional<String> findFirst(String stem, List<String> suffixes) {
    return suffixes.stream().map(s -> stem + s).filter(this::exists).findFirst(); // a stat each: cheaper than a listing
  }

  @Override
  public long size(String key) {
    try {
      return Files.size(file(key));
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new StoreException("cannot read " + file(key) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] read(String key, long from, long to) {
    try (FileChannel ch = FileChannel.open(file(key), StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(to - from));
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
        // keep reading until the range is full
      }
      return Arrays.copyOf(buf.array(), buf.position());
    } catch (IOException e) {
      throw new StoreException("cannot read " + file(key) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Manifest manifest() {
    return new FolderManifest(this, file(FolderManifest.FILE));
  }

  @Override
  public List<String> list(String prefix) {
    Path dir = file(prefix.endsWith("/") ? prefix : prefix + "/");
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .filter(k -> !k.substring(k.lastIndexOf('/') + 1).startsWith(".")) // temp files of writes in progress
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
