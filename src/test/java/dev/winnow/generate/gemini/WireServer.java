package dev.winnow.generate.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.winnow.generate.ModelCatalog;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A stand-in for the Gemini API that speaks its wire format, for demos, end-to-end runs and the benchmark:
 * {@code POST /v1beta/models/{model}:generateContent} answered with real JPEGs of the requested aspect and size,
 * after a configurable latency, under a per-model requests-per-minute quota counted over a rolling minute (a 429
 * with RetryInfo when exceeded), with injected 503s and blocked outputs. Bodies follow the fixtures in
 * {@code src/test/resources/gemini/}. {@code GET /stats} reports what it admitted, per model and per minute, and how
 * many images it answered for a request it had already answered with an image ({@link CallKey}): calls paid twice.
 * {@code --log FILE} writes one JSON line per request, so a bench can recount afterwards.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat bench/work/cp.txt) dev.winnow.generate.gemini.WireServer \
 *     --port 8787 --rpm 120 --latency 1000-3000 --fail-rate 0.05 --block-rate 0.05</pre>
 */
public final class WireServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INTERNAL =
      error(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
  private static final Pattern ROUTE = Pattern.compile("/(v1beta|v1|v1alpha)/models/([^/:]+):generateContent");
  /** Text models answered as vision judges, with JSON scored from the image's exposure and contrast. */
  private static final List<String> JUDGES = List.of("gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-flash-preview");
  private static final List<String> ASPECTS =
      List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "1:4", "4:1", "1:8", "8:1");

  /** Milliseconds an admitted call waits before it is answered, uniform in [minMs, maxMs]. */
  public record Latency(int minMs, int maxMs) {
    public Latency {
      if (minMs < 0 || maxMs < minMs) throw new IllegalArgumentException("latency must be MIN-MAX ms with 0 <= MIN <= MAX (got " + minMs + "-" + maxMs + ")");
    }

    /** {@code MIN-MAX} or a single {@code MS}; {@code flag} names the setting in the message when it is malformed. */
    static Latency parse(String flag, String v) {
      try {
        String[] range = v.split("-", 2);
        int min = Integer.parseInt(range[0].trim());
        return new Latency(min, range.length == 2 ? Integer.parseInt(range[1].trim()) : min);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + " must be MIN-MAX ms with 0 <= MIN <= MAX (got " + v + ")");
      }
    }

    @Override
    public String toString() {
      return minMs == maxMs ? minMs + " ms" : minMs + "-" + maxMs + " ms";
    }
  }

  /**
   * What the server does; see {@link #usage()}. {@code latencyFor} overrides the default latency for the models it
   * names (canonical ids); {@code log} is a file that gets one JSON line per request.
   */
  public record Config(
      String host,
      int port,
      int rpm,
      int latencyMinMs,
      int latencyMaxMs,
      double failRate,
      double blockRate,
      Optional<String> key,
      long seed,
      boolean quiet,
      Map<String, Latency> latencyFor,
      Optional<Path> log,
      double flexDropRate,
      int batchTurnaroundMs) {

    public Config {
      latencyFor = Collections.unmodifiableMap(new TreeMap<>(latencyFor));
    }

    /** Every model at the default latency, no request log. */
    public Config(
        String host, int port, int rpm, int latencyMinMs, int latencyMaxMs, double failRate, double blockRate,
        Optional<String> key, long seed, boolean quiet) {
      this(host, port, rpm, latencyMinMs, latencyMaxMs, failRate, blockRate, key, seed, quiet, Map.of(), Optional.empty(), 0, 2_000);
    }

    public static Config defaults() {
      return new Config("127.0.0.1", 8787, 120, 1000, 3000, 0.05, 0.05, Optional.empty(), 1, false);
    }

    /** This config with {@code model} (an id or alias) answering after {@code latency} instead of the default. */
    public Config withLatencyFor(String model, Latency latency) {
      Map<String, Latency> map = new TreeMap<>(latencyFor);
      map.put(knownModel("--latency-for", model), latency);
      return new Config(host, port, rpm, latencyMinMs, latencyMaxMs, failRate, blockRate, key, seed, quiet, map, log, flexDropRate, batchTurnaroundMs);
    }

    /** This config writing one JSON line per request to {@code file}. */
    public Config withLog(Path file) {
      return new Config(host, port, rpm, latencyMinMs, latencyMaxMs, failRate, blockRate, key, seed, quiet, latencyFor, Optional.of(file), flexDropRate, batchTurnaroundMs);
    }

    /** This config dropping this share of admitted Flex requests with a 503, as Flex does under load. */
    public Config withFlexDropRate(double rate) {
      return new Config(host, port, rpm, latencyMinMs, latencyMaxMs, failRate, blockRate, key, seed, quiet, latencyFor, log, rate, batchTurnaroundMs);
    }

    /** This config answering a Batch API job {@code ms} after it was created (PENDING, then RUNNING, then done). */
    public Config withBatchTurnaround(int ms) {
      return new Config(host, port, rpm, latencyMinMs, latencyMaxMs, failRate, blockRate, key, seed, quiet, latencyFor, log, flexDropRate, ms);
    }

    /** The latency of an admitted call to {@code model}. */
    Latency latency(String model) {
      return latencyFor.getOrDefault(model, new Latency(latencyMinMs, latencyMaxMs));
    }

    static Config parse(String[] args) {
      Config d = defaults();
      String host = d.host;
      int port = d.port, rpm = d.rpm;
      Latency latency = new Latency(d.latencyMinMs, d.latencyMaxMs);
      Map<String, Latency> latencyFor = new TreeMap<>();
      double failRate = d.failRate, blockRate = d.blockRate;
      Optional<String> key = d.key;
      long seed = d.seed;
      boolean quiet = d.quiet;
      Optional<Path> log = d.log;
      double flexDrop = d.flexDropRate;
      int batchTurnaround = d.batchTurnaroundMs;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help") || flag.equals("-h")) throw new IllegalArgumentException(usage());
        if (flag.equals("--quiet")) {
          quiet = true;
          continue;
        }
        if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        String v = args[++i];
        switch (flag) {
          case "--host" -> host = v;
          case "--port" -> port = Integer.parseInt(v);
          case "--rpm" -> rpm = Integer.parseInt(v);
          case "--latency" -> latency = Latency.parse(flag, v);
          case "--latency-for" -> {
            int eq = v.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("--latency-for must be MODEL=MIN-MAX (got " + v + ")");
            String model = knownModel(flag, v.substring(0, eq));
            if (latencyFor.put(model, Latency.parse(flag + " " + model, v.substring(eq + 1))) != null) {
              throw new IllegalArgumentException("--latency-for names " + model + " twice");
            }
          }
          case "--fail-rate" -> failRate = rate(flag, v);
          case "--block-rate" -> blockRate = rate(flag, v);
          case "--key" -> key = Optional.of(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--log" -> log = Optional.of(Path.of(v));
          case "--flex-drop-rate" -> flexDrop = rate(flag, v);
          case "--batch-turnaround" -> batchTurnaround = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + usage());
        }
      }
      return new Config(host, port, rpm, latency.minMs(), latency.maxMs(), failRate, blockRate, key, seed, quiet, latencyFor, log, flexDrop, batchTurnaround);
    }

    /** The canonical id of a model the server answers (an image model or a judge), else a message naming them. */
    private static String knownModel(String flag, String name) {
      String id = ModelCatalog.canonical(name);
      if (JUDGES.contains(id) || ModelCatalog.find(id).isPresent()) return id;
      List<String> known = new ArrayList<>();
      ModelCatalog.all().forEach(m -> known.add(m.id()));
      known.addAll(JUDGES);
      throw new IllegalArgumentException(flag + " names an unknown model " + name + " (known: " + String.join(", ", known) + ")");
    }

    private static double rate(String flag, String v) {
      double r = Double.parseDouble(v);
      if (r < 0 || r > 1) throw new IllegalArgumentException(flag + " must be between 0 and 1 (got " + v + ")");
      return r;
    }
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: WireServer [--host 127.0.0.1] [--port 8787 (0: any free port)] [--rpm 120 (per model, 0: no quota)]",
        "                  [--latency 1000-3000 (ms, uniform; judges take a third)] [--latency-for MODEL=MIN-MAX (repeatable)]",
        "                  [--fail-rate 0.05 (503s)] [--block-rate 0.05]",
        "                  [--key K (only this key is valid; default: any non-empty key)] [--seed 1] [--quiet]",
        "                  [--log FILE (one JSON line per request)] [--flex-drop-rate 0 (Flex requests dropped with a 503)]",
        "                  [--batch-turnaround 2000 (ms until a Batch API job is done)]");
  }

  /** Per-model counts, for {@code GET /stats} and the benchmark. */
  static final class Counts {
    final Admissions admissions = new Admissions(System::nanoTime);
    final AtomicLong admitted = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong blocked = new AtomicLong();
    final AtomicLong images = new AtomicLong();
    /** Images served on the Flex lane (billed at its price), and Flex requests dropped under "load". */
    final AtomicLong flexImages = new AtomicLong();
    final AtomicLong flexDropped = new AtomicLong();
    /** Batch API jobs created, and the images their results carried (billed once each, at the Batch price). */
    final AtomicLong batchJobs = new AtomicLong();
    final AtomicLong batchImages = new AtomicLong();
    /** Thinking tokens metered on answered images, and the thinking levels asked for, by level. */
    final AtomicLong thoughtTokens = new AtomicLong();
    final Map<String, Long> levels = new ConcurrentHashMap<>();
    /** Images answered for a key already answered with an image: calls paid twice (or re-rendered on purpose). */
    final AtomicLong duplicateImages = new AtomicLong();
    final Set<CallKey> answered = ConcurrentHashMap.newKeySet();
  }

  /**
   * What makes two paid calls the same call: model, prompt text, seed, and the inline reference image if the request
   * carries one (a promotion by reference), by its SHA-256. Answering one key with an image twice is paying twice,
   * unless the caller meant it (winnow re-renders a drifted final with the very same request).
   */
  record CallKey(String model, String prompt, Optional<Long> seed, Optional<String> referenceSha256) {
    static CallKey of(String model, JsonNode request) {
      List<String> texts = new ArrayList<>();
      Optional<String> reference = Optional.empty();
      for (JsonNode part : request.at("/contents/0/parts")) {
        if (part.has("text")) texts.add(part.get("text").asText());
        if (part.has("inlineData") && reference.isEmpty()) {
          reference = Optional.of(sha256(Base64.getDecoder().decode(part.at("/inlineData/data").asText())));
        }
      }
      JsonNode seed = request.at("/generationConfig/seed");
      return new CallKey(model, String.join("\n", texts), seed.isNumber() ? Optional.of(seed.asLong()) : Optional.empty(), reference);
    }

    /** A short stable name for the prompt, for logs that must not carry the prompt itself. */
    String promptHash() {
      return sha256(prompt.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
  }

  /** How a request was answered, as the log names it. */
  enum Outcome {
    IMAGE("image"),
    BLOCKED("blocked"),
    OVERLOADED("overloaded"),
    FLEX_DROPPED("flex-dropped"),
    RATE_LIMITED("rate-limited"),
    JUDGED("judged"),
    REFUSED("refused"),
    ERROR("error");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private final Config config;
  private final HttpServer http;
  private final ExecutorService executor;
  private final Random random;
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  private final AtomicLong responses = new AtomicLong();
  private final long startedMillis = System.currentTimeMillis();
  private final long startedNanos = System.nanoTime();
  /** When the first generateContent request arrived (Long.MAX_VALUE until one has): minute 0 of /stats. */
  private final AtomicLong firstRequestNanos = new AtomicLong(Long.MAX_VALUE);
  private final Optional<BufferedWriter> requestLog;
  private final Batches batches = new Batches();

  private WireServer(Config config) throws IOException {
    this.config = config;
    this.random = new Random(config.seed());
    this.requestLog = config.log().isEmpty() ? Optional.empty() : Optional.of(Files.newBufferedWriter(config.log().get(), StandardCharsets.UTF_8));
    this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "wire-server");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    http.createContext("/", this::handle);
  }

  public static WireServer start(Config config) throws IOException {
    WireServer server = new WireServer(config);
    server.http.start();
    return server;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://" + config.host() + ":" + port();
  }

  Counts counts(String model) {
    return counts.computeIfAbsent(model, m -> new Counts());
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    requestLog.ifPresent(
        w -> {
          synchronized (w) {
            try {
              w.close();
            } catch (IOException e) {
              System.err.println("wire server: could not close the request log: " + e.getMessage());
            }
          }
        });
  }

  public static void main(String[] args) throws Exception {
    Config config;
    try {
      config = Config.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    WireServer server = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.printf(
        Locale.ROOT,
        "gemini wire server listening on %s (quota %s rpm per model, latency %d-%d ms%s, 503 rate %.2f, block rate %.2f, key %s%s)%n",
        server.baseUrl(),
        config.rpm() == 0 ? "no" : String.valueOf(config.rpm()),
        config.latencyMinMs(),
        config.latencyMaxMs(),
        config.latencyFor().isEmpty() ? "" : " " + config.latencyFor(),
        config.failRate(),
        config.blockRate(),
        config.key().isPresent() ? "fixed" : "any",
        config.log().map(f -> ", request log " + f).orElse(""));
    System.out.flush();
    Thread.currentThread().join();
  }

  // --- request handling

  private void handle(HttpExchange ex) throws IOException {
    long arrived = System.nanoTime();
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (ex.getRequestMethod().equals("GET") && path.equals("/stats")) {
        send(ex, 200, stats());
        return;
      }
      if (path.startsWith("/upload/v1beta/files")) {
        batches.upload(ex);
        return;
      }
      if (path.startsWith("/download/v1beta/files/")) {
        Reply r = batches.download(path, ex.getRequestHeaders().getFirst("x-goog-api-key"));
        send(ex, r.status(), r.body());
        return;
      }
      if (path.startsWith("/v1beta/batches") || path.endsWith(":batchGenerateContent")) {
        Reply r = batches.handle(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("x-goog-api-key"),
            ex.getRequestMethod().equals("POST") ? JSON.readTree(ex.getRequestBody().readAllBytes()) : null);
        send(ex, r.status(), r.body());
        return;
      }
      Matcher route = ROUTE.matcher(path);
      if (!ex.getRequestMethod().equals("POST") || !route.matches()) {
        send(ex, 404, error(404, "NOT_FOUND", "Method not found: " + ex.getRequestMethod() + " " + path));
        return;
      }
      firstRequestNanos.accumulateAndGet(arrived, Math::min);
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      CallKey call = CallKey.of(route.group(2), body);
      Reply reply;
      try {
        reply = answer(ex.getRequestHeaders().getFirst("x-goog-api-key"), route.group(1), call, body);
      } catch (RuntimeException e) {
        reply = new Reply(500, INTERNAL, Outcome.ERROR);
      }
      record(call, arrived, reply);
      send(ex, reply.status(), reply.body());
    } catch (RuntimeException e) {
      send(ex, 500, INTERNAL);
    }
  }

  record Reply(int status, String body, Outcome outcome, boolean duplicate) {
    Reply(int status, String body, Outcome outcome) {
      this(status, body, outcome, false);
    }

    static Reply refused(int status, String body) {
      return new Reply(status, body, Outcome.REFUSED);
    }
  }

  private Reply answer(String key, String version, CallKey call, JsonNode body) {
    String model = call.model();
    if (key == null || key.isBlank()) {
      return Reply.refused(403, error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."));
    }
    if (config.key().isPresent() && !config.key().get().equals(key)) return Reply.refused(400, template("error-400-api-key-invalid.json"));
    if (!version.equals("v1beta")) {
      return Reply.refused(400, error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"imageConfig\" at 'generation_config': Cannot find field."));
    }
    if (JUDGES.contains(model)) {
      OptionalLong wait = admit(model);
      if (wait.isPresent()) return new Reply(429, rateLimited(model, wait.getAsLong()), Outcome.RATE_LIMITED);
      // A judge reads an image and writes a line of JSON: a third of an image model's time unless told otherwise.
      sleep(config.latencyFor().containsKey(model) ? latencyMs(model) : latencyMs(model) / 3);
      return new Reply(200, judgement(model, body), Outcome.JUDGED);
    }
    Optional<ModelCatalog.KnownModel> known = ModelCatalog.find(model).filter(m -> m.id().equals(model));
    if (known.isEmpty()) {
      return Reply.refused(404, error(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."));
    }
    boolean flex = "flex".equalsIgnoreCase(body.path("serviceTier").asText(body.path("service_tier").asText("")));
    if (flex && !known.get().lanes().contains(dev.winnow.generate.Lane.FLEX)) {
      return Reply.refused(400, error(400, "INVALID_ARGUMENT", "Flex service tier is not supported for models/" + model + "."));
    }
    JsonNode imageConfig = body.at("/generationConfig/imageConfig");
    String aspectName = imageConfig.path("aspectRatio").asText("1:1");
    String sizeName = imageConfig.path("imageSize").asText("1K");
    Optional<ImageSize> size = ImageSize.parse(sizeName);
    if (!ASPECTS.contains(aspectName)) {
      return Reply.refused(400, error(400, "INVALID_ARGUMENT", "Unsupported aspect ratio: " + aspectName + ". Supported: " + String.join(", ", ASPECTS) + "."));
    }
    if (size.isEmpty() || !known.get().sizes().contains(size.get())) {
      return Reply.refused(400, error(400, "INVALID_ARGUMENT", "Image size " + sizeName + " is not supported by models/" + model + "."));
    }
    OptionalLong wait = admit(model);
    if (wait.isPresent()) return new Reply(429, rateLimited(model, wait.getAsLong()), Outcome.RATE_LIMITED);
    sleep(latencyMs(model));
    Counts c = counts(model);
    if (flex && roll() < config.flexDropRate()) {
      c.flexDropped.incrementAndGet();
      return new Reply(503, error(503, "UNAVAILABLE", "The Flex tier has no capacity for this request right now. Please retry later or use the standard tier."), Outcome.FLEX_DROPPED);
    }
    double roll = roll();
    if (roll < config.failRate()) {
      c.failed.incrementAndGet();
      return new Reply(503, template("error-503-overloaded.json"), Outcome.OVERLOADED);
    }
    if (roll < config.failRate() + config.blockRate()) {
      c.blocked.incrementAndGet();
      return new Reply(200, blocked(model), Outcome.BLOCKED);
    }
    String jpeg = image(model, body, AspectRatio.parse(aspectName).orElseThrow(), size.get());
    c.images.incrementAndGet();
    if (flex) c.flexImages.incrementAndGet();
    boolean duplicate = !c.answered.add(call);
    if (duplicate) c.duplicateImages.incrementAndGet();
    return new Reply(200, jpeg, Outcome.IMAGE, duplicate);
  }

  /**
   * Empty when the call fits the model's rolling-minute quota (and is counted as admitted), else nanos until a slot
   * frees (counted as rate limited).
   */
  private OptionalLong admit(String model) {
    Counts c = counts(model);
    OptionalLong wait = c.admissions.admit(config.rpm());
    (wait.isPresent() ? c.rateLimited : c.admitted).incrementAndGet();
    return wait;
  }

  // --- the Batch API: jobs held in memory, answered batchTurnaround ms after creation, results out of order

  /** One Batch API job: its inline requests (with their metadata keys) and, once done, its results. */
  private final class BatchJob {
    final String name;
    final String displayName;
    final String model;
    final List<JsonNode> requests;
    final long createdNanos = System.nanoTime();
    final String createTime = java.time.Instant.now().toString();
    volatile boolean cancelled;
    ArrayNode results;
    /** Set for a job created from an input file: its results go to a responses file, as the API does. */
    String responsesFile;

    BatchJob(String name, String displayName, String model, List<JsonNode> requests) {
      this.name = name;
      this.displayName = displayName;
      this.model = model;
      this.requests = requests;
    }

    synchronized String state() {
      if (cancelled && results == null) return "BATCH_STATE_CANCELLED";
      long age = (System.nanoTime() - createdNanos) / 1_000_000;
      if (age < config.batchTurnaroundMs() / 2) return "BATCH_STATE_PENDING";
      if (age < config.batchTurnaroundMs()) return "BATCH_STATE_RUNNING";
      if (results == null) answerAll();
      return "BATCH_STATE_SUCCEEDED";
    }

    /** Every request answered once, as generateContent would (images, blocks, 503s as per-request errors). */
    private void answerAll() {
      Counts c = counts(model);
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode item : requests) {
        JsonNode request = item.path("request");
        ObjectNode answer = JSON.createObjectNode();
        answer.set("metadata", item.path("metadata"));
        double roll = roll();
        JsonNode imageConfig = request.at("/generationConfig/imageConfig");
        if (roll < config.failRate()) {
          answer.putObject("error").put("code", 14).put("message", "The model is overloaded. Please try again later.");
        } else if (roll < config.failRate() + config.blockRate()) {
          c.blocked.incrementAndGet();
          answer.set("response", readTree(blocked(model)));
        } else {
          String aspect = imageConfig.path("aspectRatio").asText("1:1");
          ImageSize size = ImageSize.parse(imageConfig.path("imageSize").asText("1K")).orElse(ImageSize.K1);
          answer.set("response", readTree(image(model, request, AspectRatio.parse(aspect).orElseThrow(), size)));
          c.images.incrementAndGet();
          c.batchImages.incrementAndGet();
          if (!c.answered.add(CallKey.of(model, request))) c.duplicateImages.incrementAndGet();
        }
        out.add(answer);
      }
      // Inline results have been reported out of order on large batches: clients must match them by key.
      synchronized (random) {
        java.util.Collections.shuffle(out, random);
      }
      results = JSON.createArrayNode().addAll(out);
    }

    synchronized ObjectNode operation() {
      String state = state();
      ObjectNode op = JSON.createObjectNode();
      op.put("name", name);
      ObjectNode meta = op.putObject("metadata");
      meta.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch");
      meta.put("model", "models/" + model).put("displayName", displayName).put("state", state).put("createTime", createTime);
      meta.putObject("batchStats").put("requestCount", String.valueOf(requests.size()));
      boolean done = !state.equals("BATCH_STATE_PENDING") && !state.equals("BATCH_STATE_RUNNING");
      op.put("done", done);
      if (state.equals("BATCH_STATE_SUCCEEDED")) {
        ObjectNode response = op.putObject("response");
        response.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput");
        if (responsesFile != null) response.put("responsesFile", responsesFile);
        else response.putObject("inlinedResponses").set("inlinedResponses", results);
      }
      return op;
    }
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The batch endpoints: create, get, list, cancel. */
  private final class Batches {
    private final Map<String, BatchJob> jobs = new java.util.LinkedHashMap<>();
    private final Map<String, byte[]> files = new java.util.HashMap<>();
    private final AtomicLong next = new AtomicLong(1000);

    Reply handle(String method, String path, String key, JsonNode body) {
      if (key == null || key.isBlank()) return Reply.refused(403, error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers."));
      if (config.key().isPresent() && !config.key().get().equals(key)) return Reply.refused(400, template("error-400-api-key-invalid.json"));
      Matcher create = Pattern.compile("/v1beta/models/([^/:]+):batchGenerateContent").matcher(path);
      if (method.equals("POST") && create.matches()) return create(create.group(1), body);
      if (method.equals("GET") && path.equals("/v1beta/batches")) return list();
      Matcher one = Pattern.compile("/v1beta/(batches/[^/:]+)(:cancel)?").matcher(path);
      if (!one.matches()) return Reply.refused(404, error(404, "NOT_FOUND", "Method not found: " + method + " " + path));
      BatchJob job;
      synchronized (jobs) {
        job = jobs.get(one.group(1));
      }
      if (job == null) return Reply.refused(404, error(404, "NOT_FOUND", "Requested entity was not found."));
      if (one.group(2) != null) {
        if (!method.equals("POST")) return Reply.refused(404, error(404, "NOT_FOUND", "Method not found."));
        job.cancelled = true;
        return new Reply(200, "{}", Outcome.REFUSED);
      }
      return new Reply(200, job.operation().toString(), Outcome.JUDGED);
    }

    private Reply create(String model, JsonNode body) {
      Optional<ModelCatalog.KnownModel> known = ModelCatalog.find(model).filter(m -> m.id().equals(model));
      if (known.isEmpty()) return Reply.refused(404, error(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta."));
      if (!known.get().lanes().contains(dev.winnow.generate.Lane.BATCH)) {
        return Reply.refused(400, error(400, "INVALID_ARGUMENT", "Batch mode is not supported for models/" + model + "."));
      }
      JsonNode batch = body == null ? JSON.createObjectNode() : body.path("batch");
      String displayName = batch.path("displayName").asText("");
      if (displayName.isEmpty()) return Reply.refused(400, error(400, "INVALID_ARGUMENT", "batch.display_name is required."));
      List<JsonNode> requests = new ArrayList<>();
      for (JsonNode r : batch.at("/inputConfig/requests/requests")) requests.add(r);
      String fileName = batch.at("/inputConfig/fileName").asText("");
      if (!fileName.isEmpty()) {
        byte[] file;
        synchronized (files) {
          file = files.get(fileName);
        }
        if (file == null) return Reply.refused(400, error(400, "INVALID_ARGUMENT", "File " + fileName + " not found."));
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
          if (line.isBlank()) continue;
          JsonNode l = readTree(line);
          ObjectNode r = JSON.createObjectNode();
          r.set("request", l.path("request"));
          r.putObject("metadata").put("key", l.path("key").asText());
          requests.add(r);
        }
      }
      if (requests.isEmpty()) return Reply.refused(400, error(400, "INVALID_ARGUMENT", "batch.input_config has no requests."));
      String name = "batches/" + Long.toString(next.incrementAndGet(), 36) + responseId().substring(0, 6).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
      BatchJob job = new BatchJob(name, displayName, model, requests);
      if (!fileName.isEmpty()) job.responsesFile = "files/" + name.substring("batches/".length()) + "-results";
      synchronized (jobs) {
        jobs.put(name, job);
      }
      counts(model).batchJobs.incrementAndGet();
      return new Reply(200, job.operation().toString(), Outcome.JUDGED);
    }

    /** The Files API's resumable upload: "start" gives an upload URL, "upload, finalize" there stores the bytes. */
    void upload(HttpExchange ex) throws IOException {
      String key = ex.getRequestHeaders().getFirst("x-goog-api-key");
      if (key == null || key.isBlank() || (config.key().isPresent() && !config.key().get().equals(key))) {
        send(ex, 403, error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers."));
        return;
      }
      String command = String.valueOf(ex.getRequestHeaders().getFirst("X-Goog-Upload-Command"));
      byte[] body = ex.getRequestBody().readAllBytes();
      String query = ex.getRequestURI().getQuery();
      if (command.equals("start")) {
        String id = "up" + next.incrementAndGet();
        java.net.InetSocketAddress local = ex.getLocalAddress();
        ex.getResponseHeaders().set("X-Goog-Upload-URL", "http://" + local.getHostString() + ":" + local.getPort() + "/upload/v1beta/files?upload_id=" + id);
        ex.getResponseHeaders().set("X-Goog-Upload-Status", "active");
        send(ex, 200, "");
        return;
      }
      if (command.contains("upload") && command.contains("finalize") && query != null && query.startsWith("upload_id=")) {
        String name = "files/" + query.substring("upload_id=".length()).replaceAll("&.*", "") + "-input";
        synchronized (files) {
          files.put(name, body);
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("file").put("name", name).put("mimeType", "application/jsonl").put("sizeBytes", String.valueOf(body.length)).put("state", "ACTIVE");
        send(ex, 200, root.toString());
        return;
      }
      send(ex, 400, error(400, "INVALID_ARGUMENT", "Unsupported upload command: " + command));
    }

    /** A job's responses file: one {key, response | error} a line. */
    Reply download(String path, String key) {
      if (key == null || key.isBlank()) return Reply.refused(403, error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers."));
      Matcher m = Pattern.compile("/download/v1beta/(files/[^:]+):download").matcher(path);
      if (!m.matches()) return Reply.refused(404, error(404, "NOT_FOUND", "Requested entity was not found."));
      BatchJob job;
      synchronized (jobs) {
        job = jobs.values().stream().filter(j -> m.group(1).equals(j.responsesFile)).findFirst().orElse(null);
      }
      if (job == null) return Reply.refused(404, error(404, "NOT_FOUND", "Requested entity was not found."));
      job.state(); // answers the job if its time has come
      StringBuilder out = new StringBuilder();
      synchronized (job) {
        if (job.results == null) return Reply.refused(404, error(404, "NOT_FOUND", "The responses file is not ready."));
        for (JsonNode r : job.results) {
          ObjectNode line = JSON.createObjectNode();
          line.put("key", r.at("/metadata/key").asText());
          if (r.has("response")) line.set("response", r.get("response"));
          else line.set("error", r.get("error"));
          out.append(line).append('\n');
        }
      }
      return new Reply(200, out.toString(), Outcome.JUDGED);
    }

    private Reply list() {
      ObjectNode root = JSON.createObjectNode();
      ArrayNode ops = root.putArray("operations");
      List<BatchJob> all;
      synchronized (jobs) {
        all = new ArrayList<>(jobs.values());
      }
      // Newest first, as the API lists them; no paging needed at the scale a test makes.
      java.util.Collections.reverse(all);
      for (BatchJob j : all) {
        ObjectNode op = j.operation();
        op.remove("response");
        ops.add(op);
      }
      return new Reply(200, root.toString(), Outcome.JUDGED);
    }
  }

  // --- bodies, in the fixtures' shapes

  private String rateLimited(String model, long waitNanos) {
    double seconds = waitNanos / 1e9;
    ObjectNode root = (ObjectNode) tree("error-429-retry-info.json");
    ObjectNode error = (ObjectNode) root.get("error");
    error.put(
        "message",
        String.format(
            Locale.ROOT,
            "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_paid_tier_requests, limit: %d, model: %s\nPlease retry in %.9fs.",
            config.rpm(), model, seconds));
    for (JsonNode detail : error.get("details")) {
      String type = detail.path("@type").asText();
      if (type.endsWith("google.rpc.QuotaFailure")) {
        ObjectNode violation = (ObjectNode) detail.get("violations").get(0);
        violation.put("quotaValue", String.valueOf(config.rpm()));
        ((ObjectNode) violation.get("quotaDimensions")).put("model", model);
      }
      // Google rounds the RetryInfo delay to whole seconds; round up so a client that obeys it is not early.
      if (type.endsWith("google.rpc.RetryInfo")) ((ObjectNode) detail).put("retryDelay", (long) Math.ceil(seconds) + "s");
    }
    return root.toString();
  }

  private String blocked(String model) {
    String[] kinds = {"blocked-image-safety.json", "blocked-no-image.json", "blocked-prompt.json", "text-only-stop.json"};
    ObjectNode root = (ObjectNode) tree(kinds[(int) (roll() * kinds.length)]);
    root.put("modelVersion", model);
    root.put("responseId", responseId());
    return root.toString();
  }

  private String image(String model, JsonNode request, AspectRatio aspect, ImageSize size) {
    int[] px = aspect.pixels(size);
    String prompt = "";
    byte[] reference = null;
    for (JsonNode part : request.at("/contents/0/parts")) {
      if (part.has("text")) prompt = part.get("text").asText();
      if (part.has("inlineData")) reference = Base64.getDecoder().decode(part.at("/inlineData/data").asText());
    }
    long seed = request.at("/generationConfig/seed").asLong(0);
    byte[] jpeg = jpeg(reference != null ? rerender(reference, px[0], px[1]) : paint(model + "|" + prompt + "|" + seed, px[0], px[1]));
    ObjectNode root = (ObjectNode) tree("image-jpeg.json");
    ObjectNode inline = (ObjectNode) root.at("/candidates/0/content/parts/0/inlineData");
    inline.put("data", Base64.getEncoder().encodeToString(jpeg));
    long tokens = imageTokens(model, size);
    ObjectNode usage = (ObjectNode) root.get("usageMetadata");
    if (!ModelCatalog.thinkingLevels(model).isEmpty()) {
      // A thinking model spends by its level (the fixture's 162 is what medium, the API's default, spent).
      String level = request.at("/generationConfig/thinkingConfig/thinkingLevel").asText("MEDIUM").toUpperCase(Locale.ROOT);
      long thoughts = switch (level) {
        case "MINIMAL" -> 24;
        case "HIGH" -> 1_300;
        default -> 162;
      };
      usage.put("thoughtsTokenCount", thoughts);
      counts(model).thoughtTokens.addAndGet(thoughts);
      counts(model).levels.merge(level, 1L, Long::sum);
    }
    int promptTokens = Math.max(1, prompt.length() / 4) + (reference == null ? 0 : 1120);
    usage.put("promptTokenCount", promptTokens);
    usage.put("candidatesTokenCount", tokens);
    usage.put("totalTokenCount", promptTokens + tokens + usage.path("thoughtsTokenCount").asLong());
    ((ObjectNode) usage.at("/promptTokensDetails/0")).put("tokenCount", promptTokens);
    ((ObjectNode) usage.at("/candidatesTokensDetails/0")).put("tokenCount", tokens);
    root.put("modelVersion", model);
    root.put("responseId", responseId());
    return root.toString();
  }

  /**
   * A judge's structured answer: the image's exposure and contrast stand in for a model's eye, so dim or flat drafts
   * score low. Requires the request to ask for JSON, as the real API needs for a schema-shaped answer.
   */
  private String judgement(String model, JsonNode request) {
    if (!"application/json".equals(request.at("/generationConfig/responseMimeType").asText())) {
      return template("text-only-stop.json");
    }
    double brightness = 0, contrast = 0;
    for (JsonNode part : request.at("/contents/0/parts")) {
      if (!part.has("inlineData")) continue;
      try {
        BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(part.at("/inlineData/data").asText())));
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
          for (int x = 0; x < img.getWidth(); x += 4) {
            int rgb = img.getRGB(x, y);
            double l = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
            sum += l;
            sq += l * l;
            n++;
          }
        }
        brightness = sum / n;
        contrast = Math.sqrt(Math.max(0, sq / n - brightness * brightness));
      } catch (IOException | RuntimeException e) {
        brightness = 0;
      }
    }
    double exposure = 1 - Math.min(1, Math.abs(brightness - 120) / 120);
    double detail = Math.min(1, contrast / 60);
    double score = Math.round(100 * (0.5 * exposure + 0.5 * detail)) / 100.0;
    double confidence = Math.round(100 * Math.min(1, 0.4 + Math.abs(score - 0.5) * 1.5)) / 100.0;
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode criteria = answer.putObject("criteria");
    for (JsonNode name : request.at("/generationConfig/responseJsonSchema/properties/criteria/required")) {
      criteria.put(name.asText(), name.asText().contains("composition") ? exposure : detail);
    }
    answer.put("score", score).put("confidence", confidence)
        .put("reason", String.format(Locale.ROOT, "wire-server judge: exposure %.2f, detail %.2f", exposure, detail));
    ObjectNode root = (ObjectNode) tree("judge-json.json");
    ((ObjectNode) root.at("/candidates/0/content/parts/0")).put("text", answer.toString());
    root.put("modelVersion", model);
    root.put("responseId", responseId());
    return root.toString();
  }

  /** Output image tokens as billed: 1120 at 1K on the 3.1 models (the price table's $/image ÷ $/token). */
  private static long imageTokens(String model, ImageSize size) {
    if (model.equals(ModelCatalog.PRO)) return size == ImageSize.K4 ? 2000 : 1120;
    return switch (size) {
      case S512 -> 747;
      case K1 -> 1120;
      case K2 -> 1680;
      case K4 -> 2520;
    };
  }

  /** A picture that depends on the prompt and seed: different candidates must not look like duplicates. */
  private static BufferedImage paint(String what, int w, int h) {
    Random r = new Random(what.hashCode() * 31L + what.length());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, color(r), w * r.nextFloat(), h, color(r)));
    g.fillRect(0, 0, w, h);
    for (int i = 0; i < 6 + r.nextInt(10); i++) {
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 90 + r.nextInt(140)));
      int sw = w / 12 + r.nextInt(w / 3), sh = h / 12 + r.nextInt(h / 3);
      int x = r.nextInt(w) - sw / 2, y = r.nextInt(h) - sh / 2;
      if (r.nextBoolean()) g.fillOval(x, y, sw, sh);
      else g.fillRect(x, y, sw, sh);
    }
    g.dispose();
    return img;
  }

  /** The final of a promotion by reference: the draft itself, scaled to the final's size. */
  private static BufferedImage rerender(byte[] draft, int w, int h) {
    try {
      BufferedImage source = ImageIO.read(new ByteArrayInputStream(draft));
      if (source == null) return paint("unreadable reference", w, h);
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(source, 0, 0, w, h, null);
      g.dispose();
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Color color(Random r) {
    return Color.getHSBColor(r.nextFloat(), 0.4f + 0.5f * r.nextFloat(), 0.5f + 0.5f * r.nextFloat());
  }

  private static byte[] jpeg(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.85f);
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(img, null, null), param);
      } finally {
        writer.dispose();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String stats() {
    long now = System.nanoTime();
    long first = firstRequestNanos.get();
    ObjectNode root = JSON.createObjectNode();
    root.put("startedMillis", startedMillis);
    if (first == Long.MAX_VALUE) root.putNull("firstRequestMillis");
    else root.put("firstRequestMillis", millis(first));
    root.put("rpm", config.rpm());
    synchronized (batches.files) {
      root.put("uploadedFiles", batches.files.size());
    }
    ObjectNode models = root.putObject("models");
    new TreeMap<>(counts).forEach(
        (model, c) -> {
          ObjectNode m = models.putObject(model);
          m.put("admitted", c.admitted.get());
          m.put("rateLimited", c.rateLimited.get());
          m.put("failed", c.failed.get());
          m.put("blocked", c.blocked.get());
          m.put("images", c.images.get());
          m.put("duplicateImages", c.duplicateImages.get());
          m.put("flexImages", c.flexImages.get());
          m.put("flexDropped", c.flexDropped.get());
          m.put("batchJobs", c.batchJobs.get());
          m.put("batchImages", c.batchImages.get());
          m.put("thoughtTokens", c.thoughtTokens.get());
          ObjectNode levels = m.putObject("thinkingLevels");
          new TreeMap<>(c.levels).forEach(levels::put);
          ArrayNode minutes = m.putArray("admittedPerMinute");
          for (long k : c.admissions.perMinute(first == Long.MAX_VALUE ? now : first, now)) minutes.add(k);
          m.put("maxAdmittedInRollingMinute", c.admissions.maxInRollingMinute());
        });
    return root.toString();
  }

  private static String error(int code, String status, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("status", status);
    return root.toString();
  }

  private static String template(String fixture) {
    return Fixtures.read(fixture);
  }

  private static JsonNode tree(String fixture) {
    try {
      return JSON.readTree(Fixtures.read(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String responseId() {
    byte[] id = new byte[12];
    synchronized (random) {
      random.nextBytes(id);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  private double roll() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  private long latencyMs(String model) {
    Latency latency = config.latency(model);
    int spread = latency.maxMs() - latency.minMs();
    synchronized (random) {
      return latency.minMs() + (spread == 0 ? 0 : random.nextInt(spread + 1));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The request's line on stdout (unless --quiet) and in the --log file. */
  private void record(CallKey call, long arrivedNanos, Reply reply) {
    long n = responses.incrementAndGet();
    String seed = call.seed().map(String::valueOf).orElse("-");
    if (!config.quiet()) {
      System.out.printf(
          Locale.ROOT, "%7.1fs %s seed %s%s -> %d %s%s (%d answered)%n", (System.nanoTime() - startedNanos) / 1e9, call.model(), seed,
          call.referenceSha256().isPresent() ? " by reference" : "", reply.status(), reply.outcome().label,
          reply.duplicate() ? ", duplicate" : "", n);
    }
    if (requestLog.isEmpty()) return;
    ObjectNode line = JSON.createObjectNode();
    line.put("timeMs", millis(arrivedNanos));
    line.put("model", call.model());
    if (call.seed().isPresent()) line.put("seed", call.seed().get());
    else line.putNull("seed");
    line.put("promptHash", call.promptHash());
    line.put("reference", call.referenceSha256().isPresent());
    line.put("outcome", reply.outcome().label);
    line.put("duplicate", reply.duplicate());
    line.put("status", reply.status());
    line.put("latencyMs", (System.nanoTime() - arrivedNanos) / 1_000_000);
    BufferedWriter w = requestLog.get();
    synchronized (w) {
      try {
        w.write(line.toString());
        w.newLine();
        // Flushed per line so a bench can read the log while the server runs, or after it was killed.
        w.flush();
      } catch (IOException e) {
        System.err.println("wire server: could not write the request log: " + e.getMessage());
      }
    }
  }

  /** A System.nanoTime stamp as epoch milliseconds, on the clock startedMillis was read from. */
  private long millis(long nanos) {
    return startedMillis + (nanos - startedNanos) / 1_000_000;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
