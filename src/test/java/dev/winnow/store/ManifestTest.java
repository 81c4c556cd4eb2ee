package dev.winnow.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path out;

  private List<String> lines() throws Exception {
    return Files.readAllLines(out.resolve("b1").resolve("manifest.jsonl"));
  }

  @Test
  void aDeliveryFinishedTwiceHasOneLine() throws Exception {
    ImageStore store = new ImageStore(out, "b1");
    store.appendManifest("candidate", 1, "{\"candidate\":1}");
    store.appendManifest("candidate", 2, "{\"candidate\":2}");
    store.appendManifest("candidate", 1, "{\"candidate\":1,\"again\":true}");
    assertThat(lines()).containsExactly("{\"candidate\":1}", "{\"candidate\":2}");
  }

  @Test
  void linesAnotherProcessAppendedAreSeen() throws Exception {
    ImageStore mine = new ImageStore(out, "b1");
    ImageStore theirs = new ImageStore(out, "b1");
    mine.appendManifest("candidate", 1, "{\"candidate\":1}");
    theirs.appendManifest("candidate", 2, "{\"candidate\":2}"); // after mine has read the manifest
    mine.appendManifest("candidate", 2, "{\"candidate\":2,\"dup\":true}");
    theirs.appendManifest("candidate", 1, "{\"candidate\":1,\"dup\":true}");
    assertThat(lines()).containsExactly("{\"candidate\":1}", "{\"candidate\":2}");
  }

  @Test
  void aLineTornByACrashDoesNotSwallowTheNextEntry() throws Exception {
    ImageStore before = new ImageStore(out, "b1");
    before.appendManifest("candidate", 1, "{\"candidate\":1}");
    Files.writeString(out.resolve("b1").resolve("manifest.jsonl"), "{\"candidate\":2,\"fi", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    ImageStore after = new ImageStore(out, "b1"); // the resumed process
    after.appendManifest("candidate", 2, "{\"candidate\":2}");
    after.appendManifest("candidate", 1, "{\"candidate\":1}");
    ObjectMapper json = new ObjectMapper();
    List<Long> entries = lines().stream().flatMap(l -> {
      try {
        return java.util.stream.Stream.of(json.readTree(l).path("candidate").asLong());
      } catch (Exception torn) {
        return java.util.stream.Stream.empty();
      }
    }).toList();
    assertThat(entries).containsExactly(1L, 2L);
    assertThat(lines()).hasSize(3).contains("{\"candidate\":2}");
  }
}
