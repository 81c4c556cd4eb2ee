package dev.winnow.generate.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What {@code bench/gemini/pipeline.sh} prints once its {@code winnow run} processes have exited: per model, the
 * calls the wire server admitted, its 429s, the images it answered twice for the same call, and the utilisation at
 * steady state, read from the server's {@code /stats} and its {@code --log} file (and the ledger, for the re-renders
 * that repeat a call on purpose).
 *
 * <p>Steady state runs from {@code --warmup} seconds after the server's first request to the end of drafting: the last
 * draft admitted before the draft stream first falls silent for {@code --gap} seconds. A pipeline whose finals lag
 * minutes behind its drafts (main's does) makes a replacement draft now and then long after drafting stopped, for a
 * final that came back blocked; counting those minutes would read as idle quota. Utilisation is the mean admitted per
 * full minute of the steady state, over the quota; the partial minute at its end is left out for the same reason.
 *
 * <p>{@code --stats} is the server's URL or a file saved by an earlier report ({@code --save}), to report again.
 *
 * <pre>java -cp … dev.winnow.generate.gemini.PipelineReport --stats http://127.0.0.1:8787/stats \
 *     --log requests.jsonl --quota 240 --warmup 20 --gap 15 --draft-model M --final-model M [--db winnow.db] [--save stats.json]</pre>
 */
public final class PipelineReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE_MS = 60_000;

  /** Calls of one model the server admitted (past the quota), as epoch milliseconds in arrival order. */
  record Admitted(String model, long[] timesMs) {}

  /** The mean admitted per full minute of [startMs, endMs), over whole minutes from startMs; empty if none fits. */
  static OptionalDouble perFullMinute(long[] timesMs, long startMs, long endMs) {
    long minutes = (endMs - startMs) / MINUTE_MS;
    if (minutes < 1) return OptionalDouble.empty();
    long stop = startMs + minutes * MINUTE_MS;
    long n = Arrays.stream(timesMs).filter(t -> t >= startMs && t < stop).count();
    return OptionalDouble.of((double) n / minutes);
  }

  /** The last of {@code timesMs} (sorted) before the first silence longer than {@code gapMs}. */
  static long endOfDrafting(long[] timesMs, long gapMs) {
    for (int i = 1; i < timesMs.length; i++) {
      if (timesMs[i] - timesMs[i - 1] > gapMs) return timesMs[i - 1];
    }
    return timesMs[timesMs.length - 1];
  }

  /** Admitted calls per model from the request log: everything the quota let through, whatever came of it. */
  static Map<String, Admitted> admitted(List<String> logLines) throws IOException {
    Map<String, List<Long>> byModel = new TreeMap<>();
    for (String line : logLines) {
      if (line.isBlank()) continue;
      JsonNode l = JSON.readTree(line);
      String outcome = l.path("outcome").asText();
      if (outcome.equals("rate-limited") || outcome.equals("refused")) continue;
      byModel.computeIfAbsent(l.path("model").asText(), m -> new ArrayList<>()).add(l.path("timeMs").asLong());
    }
    Map<String, Admitted> out = new TreeMap<>();
    byModel.forEach((m, ts) -> out.put(m, new Admitted(m, ts.stream().mapToLong(Long::longValue).sorted().toArray())));
    return out;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
    for (String required : List.of("--stats", "--log", "--quota", "--warmup", "--gap", "--draft-model", "--final-model")) {
      if (!a.containsKey(required)) throw new IllegalArgumentException(required + " is required");
    }
    int quota = Integer.parseInt(a.get("--quota"));
    long warmupMs = Math.round(Double.parseDouble(a.get("--warmup")) * 1000);
    long gapMs = Math.round(Double.parseDouble(a.get("--gap")) * 1000);
    String draftModel = a.get("--draft-model"), finalModel = a.get("--final-model");

    JsonNode stats = fetch(a.get("--stats"));
    if (a.containsKey("--save")) Files.writeString(Path.of(a.get("--save")), stats.toPrettyString());
    Map<String, Admitted> admitted = admitted(Files.readAllLines(Path.of(a.get("--log"))));
    if (stats.get("firstRequestMillis").isNull() || !admitted.containsKey(draftModel)) {
      System.out.println("the wire server admitted no draft; nothing to report");
      return;
    }
    long origin = stats.get("firstRequestMillis").asLong();
    long[] drafts = admitted.get(draftModel).timesMs();
    long endOfDrafting = endOfDrafting(drafts, gapMs);
    long late = Arrays.stream(drafts).filter(t -> t > endOfDrafting).count();
    long steadyStart = origin + warmupMs;
    long fullMinutes = Math.max(0, (endOfDrafting - steadyStart) / MINUTE_MS);
    System.out.printf(
        Locale.ROOT, "drafting: ended %.1f s after the server's first request%s; steady state %.0f-%.0f s (%d full minute%s)%n",
        (endOfDrafting - origin) / 1000.0,
        late == 0 ? "" : String.format(Locale.ROOT, " (then %d late draft%s after a silence of more than %d s, the last at %.1f s)",
            late, late == 1 ? "" : "s", gapMs / 1000, (drafts[drafts.length - 1] - origin) / 1000.0),
        warmupMs / 1000.0, (warmupMs + fullMinutes * MINUTE_MS) / 1000.0, fullMinutes, fullMinutes == 1 ? "" : "s");

    System.out.printf(Locale.ROOT, "%-30s %9s %6s %7s %11s %16s %12s%n", "model", "admitted", "429s", "images", "duplicates", "busiest minute", "utilisation");
    List<String> minuteLines = new ArrayList<>();
    List<String> models = new ArrayList<>(List.of(draftModel, finalModel));
    stats.get("models").fieldNames().forEachRemaining(m -> {
      if (!models.contains(m)) models.add(m);
    });
    models.removeIf(m -> !stats.get("models").has(m));
    models.forEach(
        model -> {
          JsonNode m = stats.get("models").get(model);
          long[] times = admitted.containsKey(model) ? admitted.get(model).timesMs() : new long[0];
          OptionalDouble mean = perFullMinute(times, steadyStart, endOfDrafting);
          String utilisation = mean.isPresent() && quota > 0 ? String.format(Locale.ROOT, "%.2f", mean.getAsDouble() / quota) : "n/a";
          System.out.printf(
              Locale.ROOT, "%-30s %9d %6d %7d %11d %16s %12s%n", model, m.get("admitted").asLong(), m.get("rateLimited").asLong(),
              m.get("images").asLong(), m.get("duplicateImages").asLong(),
              m.get("maxAdmittedInRollingMinute").asInt() + "/" + (quota == 0 ? "-" : String.valueOf(quota)), utilisation);
          minuteLines.add(String.format(Locale.ROOT, "  %s: %s%s", model, m.get("admittedPerMinute"),
              times.length == m.get("admitted").asLong() ? "" : " (the request log holds " + times.length + " admitted, /stats " + m.get("admitted").asLong() + ")"));
        });
    System.out.println("admitted per minute since the first request (the last minute is partial):");
    minuteLines.forEach(System.out::println);
    if (fullMinutes < 1) {
      System.out.println("utilisation n/a: drafting ended less than a minute after the warm-up; raise WANT or lower WARMUP");
    }

    long duplicateDrafts = stats.at("/models/" + draftModel + "/duplicateImages").asLong();
    long duplicateFinals = stats.at("/models/" + finalModel + "/duplicateImages").asLong();
    Optional<Long> rerenders = a.containsKey("--db") ? rerenders(Path.of(a.get("--db"))) : Optional.empty();
    System.out.printf(
        Locale.ROOT, "duplicate images: %d draft(s) paid twice; %d final(s) answered again, %s%n", duplicateDrafts, duplicateFinals,
        rerenders
            .map(r -> r + " of them re-renders of drifted finals the ledger made on purpose, so " + Math.max(0, duplicateFinals - r) + " paid twice")
            .orElse("no ledger to tell on-purpose re-renders from calls paid twice"));
  }

  /**
   * Re-renders of drifted finals the ledger recorded: each repeats a final's request on purpose, so the server sees it
   * as a duplicate. The pipeline keeps every losing render with a "drifted N bits" note.
   */
  private static Optional<Long> rerenders(Path db) {
    if (!Files.exists(db)) return Optional.empty();
    String sql = "SELECT COUNT(*) FROM calls WHERE purpose = 'final' AND outcome = 'image' AND message LIKE 'drifted %'";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db.toAbsolutePath() + "?mode=ro");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      return Optional.of(rs.getLong(1));
    } catch (SQLException e) {
      System.out.println("(could not read re-renders from " + db + ": " + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  /** {@code /stats} from the running server, or from a copy saved earlier ({@code --save}), to report again. */
  private static JsonNode fetch(String url) throws IOException, InterruptedException {
    if (!url.startsWith("http")) return JSON.readTree(Files.readString(Path.of(url)));
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IOException(url + " answered " + r.statusCode());
    return JSON.readTree(r.body());
  }
}
