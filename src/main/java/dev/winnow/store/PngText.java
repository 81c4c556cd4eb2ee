package dev.winnow.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Adds and reads PNG text chunks without re-encoding pixels. Keys in Latin-1 with Latin-1 values go in {@code tEXt},
 * anything else in uncompressed {@code iTXt} (UTF-8), as PIL and AUTOMATIC1111 do, so their readers, exiftool and
 * ImageMagick's {@code identify -verbose} all see them.
 */
public final class PngText {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private PngText() {}

  public static boolean isPng(byte[] bytes) {
    return bytes.length > 8 && Arrays.equals(Arrays.copyOf(bytes, 8), SIGNATURE);
  }

  /** The PNG with {@code entries} inserted right after IHDR. */
  public static byte[] insert(byte[] png, Map<String, String> entries) {
    if (!isPng(png)) throw new IllegalArgumentException("not a PNG");
    int ihdrLength = ByteBuffer.wrap(png, 8, 4).getInt();
    int afterIhdr = 8 + 12 + ihdrLength;
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 1024);
    out.write(png, 0, afterIhdr);
    entries.forEach((k, v) -> writeChunk(out, k, v));
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  /** Every tEXt and iTXt entry, in file order. */
  public static Map<String, String> read(byte[] png) {
    if (!isPng(png)) throw new IllegalArgumentException("not a PNG");
    Map<String, String> out = new LinkedHashMap<>();
    int pos = 8;
    while (pos + 8 <= png.length) {
      int len = ByteBuffer.wrap(png, pos, 4).getInt();
      String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
      int data = pos + 8;
      if (len < 0 || data + len > png.length) break;
      if (type.equals("tEXt")) {
        int nul = indexOf(png, data, data + len);
        out.put(new String(png, data, nul - data, StandardCharsets.ISO_8859_1), new String(png, nul + 1, data + len - nul - 1, StandardCharsets.ISO_8859_1));
      } else if (type.equals("iTXt")) {
        int nul = indexOf(png, data, data + len);
        String key = new String(png, data, nul - data, StandardCharsets.ISO_8859_1);
        int p = nul + 3; // compression flag, method
        p = indexOf(png, p, data + len) + 1; // language tag
        p = indexOf(png, p, data + len) + 1; // translated keyword
        out.put(key, new String(png, p, data + len - p, StandardCharsets.UTF_8));
      }
      if (type.equals("IEND")) break;
      pos = data + len + 4;
    }
    return out;
  }

  private static void writeChunk(ByteArrayOutputStream out, String key, String value) {
    boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(value);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(key.getBytes(StandardCharsets.ISO_8859_1));
    data.write(0);
    String type;
    if (latin1) {
      type = "tEXt";
      data.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
    } else {
      type = "iTXt";
      data.write(0); // not compressed
      data.write(0); // compression method
      data.write(0); // empty language tag
      data.write(0); // empty translated keyword
      data.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = data.toByteArray();
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(body);
    out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(body);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static int indexOf(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) if (a[i] == 0) return i;
    return to;
  }
}
