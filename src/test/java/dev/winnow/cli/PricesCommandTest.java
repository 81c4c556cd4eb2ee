package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `winnow prices`: today's models, their lanes and replacements, dated sources, and a warning when old. */
class PricesCommandTest {
  @TempDir Path dir;

  @Test
  void printsEveryModelWithItsDateSourceLanesAndReplacement() {
    InProcess r = InProcess.run("prices");
    assertThat(r.exit()).as(r.err()).isZero();
    String out = r.out();
    assertThat(out).contains("price table as of 2026-11-01 (built in); Batch lane 50% off, Flex lane 50% off");
    for (ModelCatalog.KnownModel m : ModelCatalog.all()) assertThat(out).contains(m.id());
    assertThat(out).containsPattern("gemini-nano-banana-2\\.1 +Nano Banana 2\\.1 +- +\\$0\\.0336 +\\$0\\.05 +\\$0\\.1134 +standard, flex, batch +2026-10-06");
    assertThat(out).containsPattern("gemini-3\\.1-flash-lite-image .* standard, batch ");
    assertThat(out).contains("deprecated by the provider on 2026-10-06; its replacement is gemini-nano-banana-2.1");
    assertThat(out).contains("text in $1.5/M tokens, text out and thinking $7.5/M");
    assertThat(out).contains("source: third-party quotes at GA");
    assertThat(out).contains("gemini-2.5-flash");
  }

  @Test
  void warnsWhenAPriceIsOlderThanSixtyDays() throws Exception {
    Path old = dir.resolve("old.yaml");
    Files.writeString(old, "models:\n  gemini-3-pro-image:\n    sizes: {4K: 0.30}\n    as_of: 2020-01-01\n");
    InProcess r = InProcess.run("prices", "--prices", old.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("warning: the oldest price is from 2020-01-01").contains("more than 60").contains("--prices FILE");
    assertThat(r.out()).contains("$0.3 ");
    JsonNode json = new ObjectMapper().readTree(InProcess.run("prices", "--prices", old.toString(), "--json").out());
    assertThat(json.get("stale").asBoolean()).isTrue();
    assertThat(json.at("/models/gemini-3-pro-image/sizes/4K").asDouble()).isEqualTo(0.30);
    assertThat(json.at("/models/gemini-3.1-flash-image/deprecated/replacement").asText()).isEqualTo(ModelCatalog.FLASH_21);
  }

  @Test
  void aTableReadTodayIsNotStale() throws Exception {
    String today = LocalDate.now().toString();
    StringBuilder yaml = new StringBuilder("as_of: " + today + "\nmodels:\n");
    for (ModelCatalog.KnownModel m : ModelCatalog.all()) yaml.append("  ").append(m.id()).append(":\n    sizes: {1K: 0.03}\n    as_of: ").append(today).append('\n');
    Path fresh = dir.resolve("fresh.yaml");
    Files.writeString(fresh, yaml);
    InProcess r = InProcess.run("prices", "--prices", fresh.toString());
    assertThat(r.out()).contains("the oldest price is from " + today + ", 0 days ago").doesNotContain("warning");
  }

  @Test
  void aBadPriceFileIsOneLine() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "models:\n  gemini-3-pro-image:\n    sizes: {4K: 0.30}\n    as_of: last tuesday\n");
    InProcess r = InProcess.run("prices", "--prices", bad.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().strip().lines()).singleElement().asString().contains("as_of must be a date");
  }
}
