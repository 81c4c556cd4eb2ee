package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's --help renders cleanly: no picocli warnings, lines as written, within 120 columns. */
class HelpTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "run", "worker", "estimate", "report", "stats", "rebuild", "review", "screen", "export"})
  void helpRendersWithoutWarningsWithinAHundredAndTwentyColumns(String command) {
    String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
    PrintStream systemErr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    InProcess r;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      r = InProcess.run(args);
    } finally {
      System.setErr(systemErr);
    }
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: winnow");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    assertThat(r.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
  }

  @org.junit.jupiter.api.Test
  void everyCommandIsListedWithASummaryThatFitsOnItsLine() {
    InProcess r = InProcess.run("--help");
    java.util.List<String> lines = r.out().lines().toList();
    int from = lines.indexOf("Commands:") + 1;
    int to = from;
    while (to < lines.size() && !lines.get(to).isBlank()) to++;
    java.util.List<String> listed = lines.subList(from, to);
    assertThat(listed).hasSizeGreaterThanOrEqualTo(9);
    // one line per command: a summary cut mid-sentence would wrap onto an indented continuation line
    assertThat(listed).allSatisfy(line -> assertThat(line).matches("  [a-z]+ +\\S.*"));
    assertThat(listed).filteredOn(l -> !l.startsWith("  help")).allSatisfy(line -> assertThat(line).endsWith("."));
  }
}
