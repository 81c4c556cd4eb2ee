package dev.winnow.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.job.PromotionMode;
import dev.winnow.ledger.Candidate;
import dev.winnow.screen.Screen;
import dev.winnow.spec.Instructions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What a delivered final says about itself: an AUTOMATIC1111-style {@code parameters} text (prompt, then
 * {@code Seed: …, Size: WxH, Model: …}) that image tools already read, a {@code winnow} JSON entry with the whole
 * instructions and lineage, and the matching manifest line. Never includes an API key: nothing here has one.
 */
final class Provenance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String backend;
  private final String version;

  Provenance(String backend, String version) {
    this.backend = backend;
    this.version = version;
  }

  /** The text entries, the drift measured, and a manifest line builder for one final. */
  record Delivery(Map<String, String> pngText, ObjectNode record, int driftBits) {
    String manifestLine(String finalFile) {
      ObjectNode line = record.deepCopy();
      line.put("file", finalFile);
      return line.toString();
    }
  }

  Delivery describe(String batchId, Candidate c, byte[] finalBytes, PromotionMode promotion) {
    Instructions in = c.instructions();
    int[] size = dimensions(finalBytes);
    OptionalLong finalHash = Screen.perceptualHash(finalBytes);
    int drift = c.phash() != null && finalHash.isPresent() ? Long.bitCount(c.phash() ^ finalHash.getAsLong()) : -1;

    ObjectNode r = JSON.createObjectNode();
    r.put("batch", batchId);
    r.put("candidate", c.id());
    r.put("prompt", in.prompt());
    r.put("seed", in.seed());
    r.put("aspect", in.aspect().toString());
    r.put("width", size[0]);
    r.put("height", size[1]);
    r.put("draft_model", in.draftModel());
    r.put("draft_size", in.draftSize().label());
    r.put("final_model", in.finalModel());
    r.put("final_size", in.finalSize().label());
    r.put("promotion", promotion.label());
    r.put("backend", backend);
    r.put("draft_file", c.draftFile());
    if (c.phash() != null) r.put("draft_phash", String.format("%016x", c.phash()));
    if (finalHash.isPresent()) r.put("final_phash", String.format("%016x", finalHash.getAsLong()));
    if (drift >= 0) r.put("drift_bits", drift);
    if (c.reasons().contains("drift_flagged")) r.put("drift_flagged", true);
    r.put("generator", "winnow " + version);

    Map<String, String> text = new LinkedHashMap<>();
    text.put("parameters", in.prompt() + "\n" + "Seed: " + in.seed() + ", Size: " + size[0] + "x" + size[1]
        + ", Model: " + in.finalModel() + ", Draft model: " + in.draftModel() + ", Promotion: " + promotion.label()
        + ", Backend: " + backend + ", Version: winnow " + version);
    text.put("winnow", r.toString());
    text.put("Software", "winnow " + version);
    return new Delivery(text, r, drift);
  }

  private static int[] dimensions(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return new int[] {0, 0};
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      return new int[] {0, 0};
    }
  }
}
