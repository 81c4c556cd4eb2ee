package dev.winnow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs winnow as a user would: a separate JVM with its own stdout, stderr, environment and exit code. */
final class CliProcess {
  record Result(int exit, String out, String err) {}

  static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.winnow.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().remove("GEMINI_API_KEY");
    pb.environment().remove("GOOGLE_API_KEY");
    pb.environment().remove("WINNOW_API_BASE");
    pb.environment().putAll(env);
    Path outFile = workDir.resolve(".stdout"), errFile = workDir.resolve(".stderr");
    pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("winnow did not finish in 120 s: " + String.join(" ", args));
    }
    return new Result(p.exitValue(), java.nio.file.Files.readString(outFile, StandardCharsets.UTF_8), java.nio.file.Files.readString(errFile, StandardCharsets.UTF_8));
  }

  private CliProcess() {}
}
