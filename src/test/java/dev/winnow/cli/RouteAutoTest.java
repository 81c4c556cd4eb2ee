package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Ledger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `winnow run --route auto`: the router's cheapest plan is the one the run makes (offline, lanes simulated). */
class RouteAutoTest {
  @TempDir Path dir;

  private List<CallRecord> calls(CliProcess.Result r) throws Exception {
    JsonNode json = new ObjectMapper().readTree(r.out());
    try (Ledger ledger = Ledger.open(dir.resolve("winnow.db"))) {
      return ledger.calls(json.get("batch").asText());
    }
  }

  @Test
  void at4kTheRunDraftsOnBatchAndRendersFinalsOnFlex() throws Exception {
    CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "--prompt", "a harbour at dawn", "--want", "2", "--size", "4K",
        "--route", "auto", "--expect-acceptance", "0.35", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("route auto: two tiers, drafts on batch, finals on flex").contains("at 35% acceptance (as stated")
        .contains("instead of").contains("all standard $");
    List<CallRecord> calls = calls(r);
    assertThat(calls).filteredOn(c -> c.purpose().equals("draft")).isNotEmpty().allMatch(c -> c.lane().equals("batch"));
    assertThat(calls).filteredOn(c -> c.purpose().equals("final")).isNotEmpty().allMatch(c -> c.lane().equals("flex") && c.costMicros() == 56_700);
    // the report compares the plan the batch took with the others, at the acceptance it measured
    String batch = new ObjectMapper().readTree(r.out()).get("batch").asText();
    CliProcess.Result report = CliProcess.run(dir, Map.of(), "report", batch, "--json");
    assertThat(report.exit()).as(report.err()).isZero();
    JsonNode plans = new ObjectMapper().readTree(report.out()).get("plans_at_measured_acceptance");
    assertThat(plans).anyMatch(p -> p.get("this_run").asBoolean() && p.get("plan").asText().equals("two tiers, drafts on batch, finals on flex"));
  }

  @Test
  void withATightDeadlineAt1kEveryCandidateIsMadeOnTheFinalModel() throws Exception {
    CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "--prompt", "a harbour at dawn", "--want", "2", "--size", "1K",
        "--route", "auto", "--deadline", "10m", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("route auto: all standard").contains("assumed (the article's");
    List<CallRecord> calls = calls(r);
    // one tier: no final calls; every candidate drafted on Nano Banana 2.1 is delivered as it is
    assertThat(calls).isNotEmpty().allMatch(c -> c.purpose().equals("draft") && c.model().equals("gemini-nano-banana-2.1"));
    assertThat(new ObjectMapper().readTree(r.out()).get("delivered").asInt()).isEqualTo(2);
  }

  @Test
  void badRouteInputIsOneLine() throws Exception {
    CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "--prompt", "a lake", "--want", "1", "--route", "cheapest");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip()).isEqualTo("winnow: --route must be fixed or auto (got cheapest)");
    CliProcess.Result d = CliProcess.run(dir, Map.of(), "run", "--prompt", "a lake", "--want", "1", "--route", "auto", "--deadline", "tomorrow");
    assertThat(d.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(d.err().strip().lines()).singleElement().asString().contains("--deadline must be a time such as 30m, 6h or 2d");
  }
}
