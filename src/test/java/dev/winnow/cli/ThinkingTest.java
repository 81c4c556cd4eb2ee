package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.gemini.WireServer;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nano Banana 2.1's thinking: the level is sent, and the thinking tokens metered are billed as text output. */
class ThinkingTest {
  private static final String KEY = "AIzaSyTEST-thinking-0123456789abcdefghij";
  private static final String NB21 = "gemini-nano-banana-2.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void highThinkingIsAskedForAndItsTokensAreBilledAsTextOut() throws Exception {
    try (WireServer server = WireServer.start(new WireServer.Config("127.0.0.1", 0, 0, 10, 40, 0, 0, Optional.of(KEY), 4, true))) {
      CliProcess.Result r = CliProcess.run(dir, Map.of("GEMINI_API_KEY", KEY), "run", "--backend", "gemini", "--api-base",
          "http://127.0.0.1:" + server.port(), "--prompt", "a lighthouse at dusk", "--want", "2", "--size", "1K", "--thinking", "high", "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode nb = WireStats.of(server).at("/models/" + NB21);
      assertThat(nb.at("/thinkingLevels/HIGH").asLong()).isEqualTo(nb.get("images").asLong());
      String batch = JSON.readTree(r.out()).get("batch").asText();
      try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
        List<CallRecord> finals = ledger.calls(batch).stream().filter(c -> c.purpose().equals("final") && c.outcome().equals("image")).toList();
        // $0.0336 for the image, and 1,300 thinking tokens at $7.50 per million
        assertThat(finals).hasSize(2).allSatisfy(c -> assertThat(c.costMicros()).isEqualTo(33_600 + 9_750));
        long drafts = ledger.calls(batch).stream().filter(c -> c.purpose().equals("draft")).mapToLong(CallRecord::costMicros).sum();
        assertThat(ledger.spentMicros(batch)).isEqualTo(drafts + 2 * 43_350);
      }
    }
  }

  @Test
  void aLevelForAModelThatDoesNotThinkIsRefusedWithOneLine() throws Exception {
    CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "--prompt", "a lake", "--want", "1", "--final-model", "nano-banana-2", "--thinking", "high");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines()).singleElement().asString().contains("--thinking high").contains("takes no thinking level");
    CliProcess.Result bad = CliProcess.run(dir, Map.of(), "run", "--prompt", "a lake", "--want", "1", "--thinking", "deep");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--thinking").contains("high, medium, minimal");
  }
}
