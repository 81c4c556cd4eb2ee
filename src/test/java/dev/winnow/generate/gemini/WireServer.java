package dev.winnow.generate.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * {@code src/test/resources/gemini/}. {@code GET /stats} reports what it admitted.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat bench/work/cp.txt) dev.winnow.generate.gemini.WireServer \
 *     --port 8787 --rpm 120 --latency 1000-3000 --fail-rate 0.05 --block-rate 0.05</pre>
 */
public final class WireServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROUTE = Pattern.compile("/(v1beta|v1|v1alpha)/models/([^/:]+):generateContent");
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  /** Text models answered as vision judges, with JSON scored from the image's exposure and contrast. */
  private static final List<String> JUDGES = List.of("gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-flash-preview");
  private static final List<String> ASPECTS =
      List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "1:4", "4:1", "1:8", "8:1");

  /** What the server does; see {@link #usage()}. */
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
      boolean quiet) {

    public static Config defaults() {
      return new Config("127.0.0.1", 8787, 120, 1000, 3000, 0.05, 0.05, Optional.empty(), 1, false);
    }

    static Config parse(String[] args) {
      Config d = defaults();
      String host = d.host;
      int port = d.port, rpm = d.rpm, latencyMin = d.latencyMinMs, latencyMax = d.latencyMaxMs;
      double failRate = d.failRate, blockRate = d.blockRate;
      Optional<String> key = d.key;
      long seed = d.seed;
      boolean quiet = d.quiet;
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
          case "--latency" -> {
            String[] range = v.split("-", 2);
            latencyMin = Integer.parseInt(range[0].trim());
            latencyMax = range.length == 2 ? Integer.parseInt(range[1].trim()) : latencyMin;
            if (latencyMin < 0 || latencyMax < latencyMin) {
              throw new IllegalArgumentException("--latency must be MIN-MAX ms with 0 <= MIN <= MAX (got " + v + ")");
            }
          }
          case "--fail-rate" -> failRate = rate(flag, v);
          case "--block-rate" -> blockRate = rate(flag, v);
          case "--key" -> key = Optional.of(v);
          case "--seed" -> seed = Long.parseLong(v);
          default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + usage());
        }
      }
      return new Config(host, port, rpm, latencyMin, latencyMax, failRate, blockRate, key, seed, quiet);
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
        "                  [--latency 1000-3000 (ms, uniform)] [--fail-rate 0.05 (503s)] [--block-rate 0.05]",
        "                  [--key K (only this key is valid; default: any non-empty key)] [--seed 1] [--quiet]");
  }

  /** Per-model counts, for {@code GET /stats} and the benchmark. */
  static final class Counts {
    final AtomicLong admitted = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong blocked = new AtomicLong();
    final AtomicLong images = new AtomicLong();
  }

  private final Config config;
  private final HttpServer http;
  private final ExecutorService executor;
  private final Random random;
  private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  private final AtomicLong responses = new AtomicLong();
  private final long startedMillis = System.currentTimeMillis();

  private WireServer(Config config) throws IOException {
    this.config = config;
    this.random = new Random(config.seed());
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
        "gemini wire server listening on %s (quota %s rpm per model, latency %d-%d ms, 503 rate %.2f, block rate %.2f, key %s)%n",
        server.baseUrl(),
        config.rpm() == 0 ? "no" : String.valueOf(config.rpm()),
        config.latencyMinMs(),
        config.latencyMaxMs(),
        config.failRate(),
        config.blockRate(),
        config.key().isPresent() ? "fixed" : "any");
    System.out.flush();
    Thread.currentThread().join();
  }

  // --- request handling

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (ex.getRequestMethod().equals("GET") && path.equals("/stats")) {
        send(ex, 200, stats());
        return;
      }
      Matcher route = ROUTE.matcher(path);
      if (!ex.getRequestMethod().equals("POST") || !route.matches()) {
        send(ex, 404, error(404, "NOT_FOUND", "Method not found: " + ex.getRequestMethod() + " " + path));
        return;
      }
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      Reply reply = answer(ex.getRequestHeaders().getFirst("x-goog-api-key"), route.group(1), route.group(2), body);
      if (!config.quiet()) log(route.group(2), reply.status());
      send(ex, reply.status(), reply.body());
    } catch (RuntimeException e) {
      send(ex, 500, error(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"));
    }
  }

  record Reply(int status, String body) {}

  private Reply answer(String key, String version, String model, JsonNode body) {
    if (key == null || key.isBlank()) {
      return new Reply(403, error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."));
    }
    if (config.key().isPresent() && !config.key().get().equals(key)) return new Reply(400, template("error-400-api-key-invalid.json"));
    if (!version.equals("v1beta")) {
      return new Reply(400, error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"imageConfig\" at 'generation_config': Cannot find field."));
    }
    if (JUDGES.contains(model)) {
      Optional<Long> wait = admit(model);
      if (wait.isPresent()) {
        counts(model).rateLimited.incrementAndGet();
        return new Reply(429, rateLimited(model, wait.get()));
      }
      counts(model).admitted.incrementAndGet();
      sleep(latencyMs() / 3);
      return new Reply(200, judgement(model, body));
    }
    Optional<ModelCatalog.KnownModel> known = ModelCatalog.find(model).filter(m -> m.id().equals(model));
    if (known.isEmpty()) {
      return new Reply(404, error(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."));
    }
    JsonNode imageConfig = body.at("/generationConfig/imageConfig");
    String aspectName = imageConfig.path("aspectRatio").asText("1:1");
    String sizeName = imageConfig.path("imageSize").asText("1K");
    Optional<ImageSize> size = ImageSize.parse(sizeName);
    if (!ASPECTS.contains(aspectName)) {
      return new Reply(400, error(400, "INVALID_ARGUMENT", "Unsupported aspect ratio: " + aspectName + ". Supported: " + String.join(", ", ASPECTS) + "."));
    }
    if (size.isEmpty() || !known.get().sizes().contains(size.get())) {
      return new Reply(400, error(400, "INVALID_ARGUMENT", "Image size " + sizeName + " is not supported by models/" + model + "."));
    }
    Optional<Long> wait = admit(model);
    if (wait.isPresent()) {
      counts(model).rateLimited.incrementAndGet();
      return new Reply(429, rateLimited(model, wait.get()));
    }
    counts(model).admitted.incrementAndGet();
    sleep(latencyMs());
    double roll = roll();
    if (roll < config.failRate()) {
      counts(model).failed.incrementAndGet();
      return new Reply(503, template("error-503-overloaded.json"));
    }
    if (roll < config.failRate() + config.blockRate()) {
      counts(model).blocked.incrementAndGet();
      return new Reply(200, blocked(model));
    }
    counts(model).images.incrementAndGet();
    return new Reply(200, image(model, body, AspectRatio.parse(aspectName).orElseThrow(), size.get()));
  }

  /** Empty when the call fits the model's rolling-minute quota (and is counted), else nanos until a slot frees. */
  private Optional<Long> admit(String model) {
    if (config.rpm() == 0) return Optional.empty();
    Deque<Long> window = windows.computeIfAbsent(model, m -> new ArrayDeque<>());
    synchronized (window) {
      long now = System.nanoTime();
      while (!window.isEmpty() && window.peekFirst() <= now - MINUTE) window.pollFirst();
      if (window.size() < config.rpm()) {
        window.addLast(now);
        return Optional.empty();
      }
      return Optional.of(window.peekFirst() + MINUTE - now);
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
    ObjectNode root = JSON.createObjectNode();
    root.put("startedMillis", startedMillis);
    root.put("rpm", config.rpm());
    ObjectNode models = root.putObject("models");
    counts.forEach(
        (model, c) -> {
          ObjectNode m = models.putObject(model);
          m.put("admitted", c.admitted.get());
          m.put("rateLimited", c.rateLimited.get());
          m.put("failed", c.failed.get());
          m.put("blocked", c.blocked.get());
          m.put("images", c.images.get());
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

  private long latencyMs() {
    int spread = config.latencyMaxMs() - config.latencyMinMs();
    synchronized (random) {
      return config.latencyMinMs() + (spread == 0 ? 0 : random.nextInt(spread + 1));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void log(String model, int status) {
    long n = responses.incrementAndGet();
    if (status != 200 || n % 50 == 0) {
      System.out.printf(Locale.ROOT, "%6.1fs %s -> %d (%d answered)%n", (System.currentTimeMillis() - startedMillis) / 1000.0, model, status, n);
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
