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
  void aSharedLedgerThatIsNotThereIsOneLineAndNothingIsWritten() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "postgresql://studio:hunter2-secret@127.0.0.1:" + closed + "/winnow";
    CliProcess.Result r = run("run", "--prompt", "sky", "--want", "2", "--db", url, "--out", "out");
    assertOneLine(r, 1, "cannot reach the ledger postgresql://studio@127.0.0.1:" + closed + "/winnow");
    assertThat(r.err() + r.out()).doesNotContain("hunter2-secret");
    try (var files = Files.walk(dir.resolve("out"))) {
      assertThat(files.filter(Files::isRegularFile)).as("files written for a batch that never started").isEmpty();
    }
    // The same URL from the environment, as a worker reads it.
    CliProcess.Result w = CliProcess.run(dir, Map.of("WINNOW_DB", url), "worker", "--exit-when-idle");
    assertOneLine(w, 1, "cannot reach the ledger postgresql://studio@127.0.0.1:" + closed + "/winnow");
    assertThat(w.err()).doesNotContain("hunter2-secret");
  }

  @Test
  void aLedgerUrlOfAnotherKindIsRefused() throws Exception {
    assertOneLine(run("stats", "--db", "mysql://a@b/c"), 2, "unknown scheme");
  }

  @Test
  void unknownFlag() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--colour", "red"), 2, "Unknown options: '--colour'");
  }

  @Test
  void unknownCheckToSkip() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--skip-check", "sharpness"), 2,
        "--skip-check: 'sharpness' is not allowed (use blur, flat, brightness)");
    assertOneLine(run("screen", ".", "--skip-check", "sharpness"), 2, "--skip-check: 'sharpness' is not allowed (use blur, flat, brightness)");
  }

  @Test
  void unknownCheckInTheJobFile() throws Exception {
    Files.writeString(dir.resolve("job.yaml"), "prompts: [sky]\nwant: 2\nchecks: {blurr: off}\n");
    assertOneLine(run("run", "--job", "job.yaml"), 2, "job.yaml: checks: 'blurr' is not a check (use blur, flat, brightness)");
  }

  @Test
  void bestOfWithNobodyToRankIsRefused() throws Exception {
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--select", "best"), 2,
        "--select best needs a reviewer who ranks the drafts: add --review vision (a judge scores each) or --review human");
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--oversample", "3"), 2, "--oversample only applies to --select best");
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--select", "best", "--review", "vision", "--oversample", "0.5"), 2,
        "--oversample must be between 1 and 50 drafts per keeper (got 0.5)");
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--select", "finest", "--review", "vision"), 2,
        "--select: 'finest' is not allowed (use first, best)");
    assertOneLine(run("run", "--prompt", "sky", "--want", "4", "--select", "best", "--review", "vision", "--max-drafts", "10"), 2,
        "--max-drafts 10 is less than the first wave of --select best, 12");
    assertOneLine(run("run", "--prompt", "sky", "--want", "2", "--select", "best", "--review", "vision", "--mixed"), 2,
        "--select best ranks drafts by one reviewer's scores");
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
  void badPriceFile() throws Exception {
    Files.writeString(dir.resolve("prices.yaml"), "models:\n  gemini-3.1-flash-image:\n    sizes: {2K: cheap}\n");
    assertOneLine(run("run", "--prompt", "sky", "--want", "1", "--prices", "prices.yaml"), 1,
        "price of gemini-3.1-flash-image at 2K must be a number");
  }

  @Test
  void ledgerFromANewerSchemaIsRefusedAndLeftIntact() throws Exception {
    Path db = dir.resolve("future.db");
    dev.winnow.ledger.Ledger.open(db).close();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().executeUpdate("INSERT INTO flyway_schema_history(installed_rank, version, description, type, script,"
          + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'x', 0, 1)");
    }
    byte[] before = Files.readAllBytes(db);
    assertOneLine(run("run", "--prompt", "sky", "--want", "1", "--db", "future.db"), 1, "was written by a newer winnow");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
  }

  @Test
  void aFileThatIsNotALedger() throws Exception {
    Files.writeString(dir.resolve("notes.db"), "shopping list: eggs, milk, a much longer line so SQLite sees a header");
    assertOneLine(run("report", "--db", "notes.db"), 1, "notes.db");
  }

  @Test
  void unknownBatchInReport() throws Exception {
    assertOneLine(run("report", "nope"), 2, "no batch 'nope'");
  }

  @Test
  void helpExplainsTheRunCommandAndExitCodes() throws Exception {
    CliProcess.Result r = run("run", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--max-drafts", "--want-each", "--budget", "Exit codes: 0 done");
  }
}
