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
  @ValueSource(strings = {"", "run", "estimate", "report", "stats", "rebuild", "review", "screen"})
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
}
