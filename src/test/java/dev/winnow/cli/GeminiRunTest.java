package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.gemini.WireServer;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.store.PngText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Gemini backend (official SDK) in a real {@code winnow run} process, against a local server speaking the
 * Gemini wire format with latency, a quota, injected 503s and safety blocks.
 */
class GeminiRunTest {
  private static final String KEY = "AIzaSyTEST-not-a-real-key-0123456789abcd";

  @TempDir Path dir;

  @Test
  void deliversEveryKeeperThroughFailuresAndNeverLeaksTheKey() throws Exception {
    try (WireServer server = WireServer.start(new WireServer.Config("127.0.0.1", 0, 120, 50, 300, 0.15, 0.1, Optional.of(KEY), 7, true))) {
      CliProcess.Result r = CliProcess.run(dir, Map.of("GEMINI_API_KEY", KEY), "run", "--backend", "gemini",
          "--api-base", "http://127.0.0.1:" + server.port(), "--draft-model", "gemini-3.1-flash-lite-image",
          "--final-model", "gemini-3.1-flash-image", "--prompt", "a lighthouse at dusk", "--want", "6", "--size", "1K", "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.err()).contains("backend gemini");
      JsonNode json = new ObjectMapper().readTree(r.out());
      assertThat(json.get("backend").asText()).isEqualTo("gemini");
      assertThat(json.get("delivered").asInt()).isEqualTo(6);

      try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
        String batch = json.get("batch").asText();
        for (Candidate c : ledger.candidates(batch)) {
          if (c.state() != CandidateState.DELIVERED) continue;
          Path fin = dir.resolve("winnow-out").resolve(batch).resolve(c.finalFile());
          assertThat(ImageIO.read(fin.toFile())).isNotNull();
          // each final was made from its accepted draft's instructions
          assertThat(PngText.read(Files.readAllBytes(fin)).get("parameters"))
              .startsWith("a lighthouse at dusk\nSeed: " + c.instructions().seed() + ",")
              .contains("Model: gemini-3.1-flash-image");
        }
        var calls = ledger.calls(batch);
        assertThat(calls).extracting(CallRecord::outcome).contains("image");
        assertThat(calls.stream().filter(c -> c.outcome().equals("image")).mapToLong(CallRecord::tokens)).allMatch(t -> t > 0);
      }
      // the key appears nowhere: not in output, the ledger, the images or the manifest
      assertThat(r.out() + r.err()).doesNotContain(KEY);
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(KEY);
        }
      }
    }
  }

  @Test
  void aWrongKeyStopsTheBatchWithOneLineThatDoesNotEchoIt() throws Exception {
    try (WireServer server = WireServer.start(new WireServer.Config("127.0.0.1", 0, 0, 0, 0, 0, 0, Optional.of(KEY), 1, true))) {
      String wrong = "AIzaSyWRONG-key-9876543210-zyxwvutsrqpo";
      CliProcess.Result r = CliProcess.run(dir, Map.of("GEMINI_API_KEY", wrong), "run", "--api-base", "http://127.0.0.1:" + server.port(),
          "--prompt", "sky", "--want", "2", "--size", "1K");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("backend gemini").contains("API key not valid").doesNotContain(wrong).doesNotContain("\tat ");
    }
  }
}
