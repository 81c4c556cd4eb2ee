package dev.winnow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTextTest {

  private static byte[] png() throws Exception {
    BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 3, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void roundTripsLatin1AndUnicodeEntriesAndKeepsPixels() throws Exception {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("parameters", "misty mountains at dawn\nSeed: 17, Size: 32x16, Model: m");
    text.put("winnow", "{\"prompt\":\"山の霧 at dawn\"}");
    byte[] withText = PngText.insert(png(), text);
    assertThat(PngText.read(withText)).containsExactlyEntriesOf(text);
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(withText));
    assertThat(back.getWidth()).isEqualTo(32);
    assertThat(back.getRGB(3, 3) & 0xffffff).isEqualTo(0xff0000);
  }

  @Test
  void storeWritesFinalsAtomicallyWithNoPartFileLeft(@TempDir Path dir) throws Exception {
    ImageStore store = new ImageStore(dir, "batch-12345678");
    Path file = dir.resolve("batch-12345678").resolve(store.writeFinal("Misty Mountains!", 17, png(), Map.of("parameters", "x")));
    assertThat(file.getFileName().toString()).isEqualTo("12345678-misty-mountains-s17.png");
    assertThat(PngText.read(Files.readAllBytes(file))).containsEntry("parameters", "x");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
    }
  }

  @Test
  void convertsJpegFinalsToPngSoMetadataHasOneHome(@TempDir Path dir) throws Exception {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", jpeg);
    Path file = dir.resolve("b").resolve(new ImageStore(dir, "b").writeFinal("sky", 1, jpeg.toByteArray(), Map.of("parameters", "sky")));
    byte[] bytes = Files.readAllBytes(file);
    assertThat(PngText.isPng(bytes)).isTrue();
    assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(40);
  }
}
