package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake a user can make on the command line gets one clear line on stderr and a non-zero exit. */
class BadInputTest {
  @TempDir Path dir;

  private CliProcess.Result run(String... args) throws Exception {
    return CliProcess.run(dir, Map.of(), args);
  }

  private static void assertOneLine(CliProcess.Result r, int exit, String contains) {
    assertThat(r.exit()).as(r.err()).isEqualTo(exit);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownFlag() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--colour", "red"), 2, "Unknown options: '--colour'");
  }

  @Test
  void zeroWant() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "0"), 2, "--want must be between 1 and 100000 (got 0)");
  }

  @Test
  void emptyPrompt() throws Exception {
    assertOneLine(run("run", "--prompt", "", "--want", "2"), 2, "--prompt must not be empty");
  }

  @Test
  void notANumber() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "lots"), 2, "--want");
  }

  @Test
  void unreadableJobFile() throws Exception {
    assertOneLine(run("run", "--job", "missing.yaml"), 2, "job file missing.yaml does not exist");
  }

  @Test
  void malformedYaml() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "prompts: [sky\nwant: 3\n");
    assertOneLine(run("run", "--job", "bad.yaml"), 2, "is not valid YAML");
  }

  @Test
  void unwritableOutputDir() throws Exception {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    Path out = locked.resolve("out");
    CliProcess.Result r = run("run", "--prompt", "sky", "--want", "1", "--out", out.toString());
    if ("root".equals(System.getProperty("user.name"))) {
      // root writes through permissions; a regular file in the way is unwritable for everyone
      Files.writeString(dir.resolve("afile"), "x");
      r = run("run", "--prompt", "sky", "--want", "1", "--out", dir.resolve("afile").resolve("out").toString());
    }
    assertOneLine(r, 2, "is not a writable folder");
  }

  @Test
  void unknownBackend() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "1", "--backend", "dalle"), 2, "--backend: 'dalle' is not allowed");
  }

  @Test
  void geminiWithoutKeySaysWhichVariableToSet() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "1", "--backend", "gemini"), 2, "set GEMINI_API_KEY");
  }

  @Test
  void helpExplainsTheRunCommandAndExitCodes() throws Exception {
    CliProcess.Result r = run("run", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--max-drafts", "--want-each", "--budget", "Exit codes: 0 done");
  }
}
