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

/**
 * The Flex lane through the real SDK against the wire server: half price when Flex serves, a fall back to the
 * standard lane (priced as such) when Flex keeps dropping the call, and a refusal before any call for Lite.
 */
class FlexLaneTest {
  private static final String KEY = "AIzaSyTEST-flex-lane-0123456789abcdefgh";
  private static final String FLASH = "gemini-3.1-flash-image";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static WireServer.Config server(double flexDropRate) {
    return new WireServer.Config("127.0.0.1", 0, 0, 20, 60, 0, 0, Optional.of(KEY), 3, true).withFlexDropRate(flexDropRate);
  }

  private CliProcess.Result run(WireServer server, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--backend", "gemini", "--api-base", "http://127.0.0.1:" + server.port(),
        "--final-model", FLASH, "--prompt", "a lighthouse at dusk", "--want", "3", "--size", "1K", "--json"));
    args.addAll(List.of(extra));
    return CliProcess.run(dir, Map.of("GEMINI_API_KEY", KEY), args.toArray(String[]::new));
  }

  private List<CallRecord> finals(String batch) {
    try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
      return ledger.calls(batch).stream().filter(c -> c.purpose().equals("final")).toList();
    }
  }

  @Test
  void finalsServedOnFlexCostHalfAndSaySo() throws Exception {
    try (WireServer server = WireServer.start(server(0))) {
      CliProcess.Result r = run(server, "--final-lane", "flex");
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode json = JSON.readTree(r.out());
      assertThat(json.get("delivered").asInt()).isEqualTo(3);
      List<CallRecord> images = finals(json.get("batch").asText()).stream().filter(c -> c.outcome().equals("image")).toList();
      assertThat(images).hasSize(3).allSatisfy(c -> {
        assertThat(c.lane()).isEqualTo("flex");
        assertThat(c.costMicros()).isEqualTo(33_500); // $0.067 at 1K, half off
      });
      assertThat(WireStats.of(server).at("/models/" + FLASH + "/flexImages").asLong()).isEqualTo(3);
    }
  }

  @Test
  void aCallFlexKeepsDroppingFallsBackToStandardAndIsPricedAsSuch() throws Exception {
    try (WireServer server = WireServer.start(server(1.0))) {
      CliProcess.Result r = run(server, "--final-lane", "flex", "--flex-patience", "1");
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode json = JSON.readTree(r.out());
      assertThat(json.get("delivered").asInt()).isEqualTo(3);
      List<CallRecord> calls = finals(json.get("batch").asText());
      assertThat(calls.stream().filter(c -> c.outcome().equals("image"))).hasSize(3).allSatisfy(c -> {
        assertThat(c.lane()).isEqualTo("standard");
        assertThat(c.costMicros()).isEqualTo(67_000);
      });
      assertThat(calls.stream().filter(c -> c.lane().equals("flex")))
          .isNotEmpty()
          .allSatisfy(c -> {
            assertThat(c.outcome()).isEqualTo("retryable");
            assertThat(c.costMicros()).isZero();
          })
          .anySatisfy(c -> assertThat(c.message()).contains("falling back to the standard lane"));
      JsonNode flash = WireStats.of(server).at("/models/" + FLASH);
      assertThat(flash.get("flexDropped").asLong()).isGreaterThanOrEqualTo(3);
      assertThat(flash.get("flexImages").asLong()).isZero();
    }
  }

  @Test
  void flexForLiteIsRefusedBeforeAnyCall() throws Exception {
    try (WireServer server = WireServer.start(server(0))) {
      CliProcess.Result r = run(server, "--draft-lane", "flex");
      assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err().strip().lines()).singleElement().asString()
          .contains("--draft-lane flex").contains("gemini-3.1-flash-lite-image is not served on the flex lane").contains("standard, batch");
      assertThat(WireStats.of(server).get("models").size()).isZero();
    }
  }
}
