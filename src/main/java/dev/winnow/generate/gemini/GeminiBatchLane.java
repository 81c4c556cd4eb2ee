package dev.winnow.generate.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.types.GenerateContentResponse;
import dev.winnow.generate.BatchLane;
import dev.winnow.generate.BatchLaneException;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.spec.Instructions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The Gemini Batch API on its documented wire format (v1beta), not through the SDK: the SDK's converter drops each
 * response's {@code metadata} (the key results must be matched by; inline results can come back out of order) and
 * reads a responses file whole into memory. Inline requests ({@code batch.inputConfig.requests}); results inline
 * ({@code response.inlinedResponses.inlinedResponses}) or as a JSONL responses file, streamed a line at a time.
 * Errors are one {@link BatchLaneException} line, the key scrubbed from it.
 */
final class GeminiBatchLane implements BatchLane {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String base;
  private final String apiKey;
  private final Redactor redactor;
  private final Duration timeout;

  /** Inline requests must stay under 20 MB; a larger job goes as a JSONL file through the Files API. */
  static final long INLINE_LIMIT = 19L << 20;
  /**
   * A batch input file may be up to 2 GB, but the JSONL is built in memory before the upload: jobs are kept to 64 MB
   * (about 40 finals by reference at 1K), and a bigger wave becomes several jobs.
   */
  static final long FILE_LIMIT = 64L << 20;

  private final long inlineLimit;

  GeminiBatchLane(GeminiSettings settings) {
    this(settings, INLINE_LIMIT);
  }

  /** With another inline limit (tests send a file without building 20 MB of requests). */
  GeminiBatchLane(GeminiSettings settings, long inlineLimit) {
    this.inlineLimit = inlineLimit;
    this.base = settings.baseUrl().map(URI::toString).orElse("https://generativelanguage.googleapis.com").replaceAll("/+$", "");
    this.apiKey = settings.apiKey();
    this.redactor = new Redactor(settings.apiKey());
    this.timeout = settings.timeout();
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
  }

  @Override
  public long maxJobBytes() {
    return FILE_LIMIT;
  }

  @Override
  public String submit(String model, String displayName, List<Item> items) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode batch = body.putObject("batch");
    batch.put("displayName", displayName);
    ArrayNode requests = JSON.createArrayNode();
    for (Item item : items) {
      ObjectNode r = requests.addObject();
      r.set("request", request(item.request()));
      r.putObject("metadata").put("key", item.key());
    }
    String inline = requests.toString();
    if (inline.length() < inlineLimit) {
      batch.putObject("inputConfig").putObject("requests").set("requests", requests);
    } else {
      // Too big to send inline: one {key, request} a line, uploaded through the Files API, named in the create.
      StringBuilder jsonl = new StringBuilder(inline.length() + items.size() * 16);
      for (JsonNode r : requests) {
        ObjectNode line = JSON.createObjectNode();
        line.put("key", r.at("/metadata/key").asText());
        line.set("request", r.get("request"));
        jsonl.append(line).append('\n');
      }
      batch.putObject("inputConfig").put("fileName", upload(displayName, jsonl.toString().getBytes(StandardCharsets.UTF_8)));
    }
    JsonNode created = send("POST", "/v1beta/models/" + model + ":batchGenerateContent", body.toString());
    String name = created.path("name").asText("");
    if (!name.startsWith("batches/")) throw new BatchLaneException(0, "the Batch API answered a create without a batch name");
    return name;
  }

  /**
   * The Files API's resumable upload: a start request that returns the upload URL, then the bytes with "upload,
   * finalize". Returns the file's name ({@code files/…}).
   */
  String upload(String displayName, byte[] jsonl) {
    ObjectNode meta = JSON.createObjectNode();
    meta.putObject("file").put("display_name", displayName);
    HttpRequest start = HttpRequest.newBuilder(URI.create(base + "/upload/v1beta/files")).timeout(timeout).header("x-goog-api-key", apiKey)
        .header("X-Goog-Upload-Protocol", "resumable").header("X-Goog-Upload-Command", "start")
        .header("X-Goog-Upload-Header-Content-Length", String.valueOf(jsonl.length))
        .header("X-Goog-Upload-Header-Content-Type", "application/jsonl").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(meta.toString())).build();
    HttpResponse<String> started = exchange(start, "POST /upload/v1beta/files");
    answer(started.statusCode(), started.body(), "POST /upload/v1beta/files");
    String url = started.headers().firstValue("X-Goog-Upload-URL").orElseThrow(
        () -> new BatchLaneException(started.statusCode(), "the Files API started an upload without an upload URL"));
    HttpRequest bytes = HttpRequest.newBuilder(URI.create(url)).timeout(timeout.multipliedBy(10)).header("x-goog-api-key", apiKey)
        .header("X-Goog-Upload-Command", "upload, finalize").header("X-Goog-Upload-Offset", "0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(jsonl)).build();
    HttpResponse<String> done = exchange(bytes, "the upload of " + displayName);
    String name = answer(done.statusCode(), done.body(), "the upload of " + displayName).at("/file/name").asText("");
    if (!name.startsWith("files/")) throw new BatchLaneException(done.statusCode(), "the Files API finished an upload without a file name");
    return name;
  }

  private HttpResponse<String> exchange(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BatchLaneException(0, "the Batch API did not answer " + what + ": " + redactor.scrub(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchLaneException(0, "interrupted while calling the Batch API");
    }
  }

  /** A GenerateContentRequest as the REST API takes it: what {@link GeminiRequests} gives the SDK, as JSON. */
  static ObjectNode request(GenerationRequest request) {
    Instructions in = request.instructions();
    ObjectNode r = JSON.createObjectNode();
    ObjectNode content = r.putArray("contents").addObject();
    content.put("role", "user");
    ArrayNode parts = content.putArray("parts");
    request.reference().ifPresent(ref -> parts.addObject().putObject("inlineData")
        .put("mimeType", ref.mimeType()).put("data", java.util.Base64.getEncoder().encodeToString(ref.bytes())));
    parts.addObject().put("text", request.reference().isPresent() ? GeminiRequests.RERENDER + in.prompt() : in.prompt());
    ObjectNode config = r.putObject("generationConfig");
    config.putArray("responseModalities").add("IMAGE");
    config.put("seed", GeminiRequests.apiSeed(in.seed()));
    request.thinking().ifPresent(level -> config.putObject("thinkingConfig").put("thinkingLevel", level.toUpperCase(java.util.Locale.ROOT)));
    config.putObject("imageConfig").put("aspectRatio", GeminiRequests.apiAspect(in.aspect())).put("imageSize", in.sizeFor(request.tier()).label());
    return r;
  }

  @Override
  public Optional<String> find(String displayName) {
    String token = "";
    for (int page = 0; page < 50; page++) {
      JsonNode list = send("GET", "/v1beta/batches?pageSize=100" + (token.isEmpty() ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)), null);
      for (JsonNode op : list.path("operations")) {
        if (displayName.equals(op.at("/metadata/displayName").asText())) return Optional.of(op.path("name").asText());
      }
      token = list.path("nextPageToken").asText("");
      if (token.isEmpty()) break;
    }
    return Optional.empty();
  }

  /** The last poll's answer for a job that succeeded: its inline results are read from it, not downloaded again. */
  private final java.util.Map<String, JsonNode> succeeded = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public Job poll(String name) {
    JsonNode op = send("GET", "/v1beta/" + name, null);
    String state = op.at("/metadata/state").asText("BATCH_STATE_PENDING");
    State s = switch (state.replace("JOB_STATE_", "BATCH_STATE_")) {
      case "BATCH_STATE_RUNNING" -> State.RUNNING;
      case "BATCH_STATE_SUCCEEDED" -> State.SUCCEEDED;
      case "BATCH_STATE_FAILED" -> State.FAILED;
      case "BATCH_STATE_CANCELLED" -> State.CANCELLED;
      case "BATCH_STATE_EXPIRED" -> State.EXPIRED;
      default -> State.PENDING;
    };
    String message = op.has("error") ? redactor.scrub(op.at("/error/message").asText()) : null;
    if (s == State.SUCCEEDED) succeeded.put(name, op);
    return new Job(name, s, message);
  }

  @Override
  public void results(String name, BiConsumer<String, CallOutcome> sink) {
    JsonNode polled = succeeded.remove(name);
    JsonNode op = polled != null ? polled : send("GET", "/v1beta/" + name, null);
    JsonNode response = op.path("response");
    JsonNode inline = response.at("/inlinedResponses/inlinedResponses");
    if (inline.isArray()) {
      for (JsonNode item : inline) sink.accept(item.at("/metadata/key").asText(), outcome(item));
      return;
    }
    String file = response.path("responsesFile").asText("");
    if (file.isEmpty()) throw new BatchLaneException(0, "batch " + name + " succeeded with neither inline results nor a responses file");
    // One {key, response | error} per line; a file of images is large, so it is read a line at a time.
    try (InputStream in = stream("/download/v1beta/" + file + ":download?alt=media");
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) continue;
        JsonNode item = JSON.readTree(line);
        String key = item.has("key") ? item.get("key").asText() : item.at("/metadata/key").asText();
        sink.accept(key, outcome(item));
      }
    } catch (IOException e) {
      throw new BatchLaneException(0, "reading the responses file of " + name + " failed: " + redactor.scrub(String.valueOf(e.getMessage())));
    }
  }

  /** One result: the GenerateContentResponse read as a single call's answer, or its error as a call's error. */
  private CallOutcome outcome(JsonNode item) {
    if (item.has("response")) return redactor.scrub(ResponseReader.read(GenerateContentResponse.fromJson(item.get("response").toString())));
    JsonNode error = item.path("error");
    int code = error.path("code").asInt(13);
    String message = redactor.scrub(error.path("message").asText("no message")) + " (in a batch job)";
    return switch (code) {
      case 4, 8, 10, 13, 14 -> new CallOutcome.Retryable(httpOf(code), message, Optional.empty());
      default -> new CallOutcome.Fatal(httpOf(code), message);
    };
  }

  /** A google.rpc.Code as the HTTP status it maps to. */
  private static int httpOf(int code) {
    return switch (code) {
      case 3 -> 400;
      case 5 -> 404;
      case 7 -> 403;
      case 8 -> 429;
      case 4 -> 504;
      case 14 -> 503;
      default -> 500;
    };
  }

  @Override
  public void cancel(String name) {
    send("POST", "/v1beta/" + name + ":cancel", "{}");
  }

  private JsonNode send(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("x-goog-api-key", apiKey)
        .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    String what = method + " " + path.replaceAll("\\?.*", "");
    HttpResponse<String> r = exchange(b.build(), what);
    return answer(r.statusCode(), r.body(), what);
  }

  private InputStream stream(String path) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout.multipliedBy(10)).header("x-goog-api-key", apiKey).GET().build();
    try {
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() / 100 != 2) {
        try (InputStream err = r.body()) {
          answer(r.statusCode(), new String(err.readAllBytes(), StandardCharsets.UTF_8), "GET " + path.replaceAll("\\?.*", ""));
        }
      }
      return r.body();
    } catch (IOException e) {
      throw new BatchLaneException(0, "the Files API did not answer: " + redactor.scrub(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchLaneException(0, "interrupted while downloading batch results");
    }
  }

  private JsonNode answer(int status, String body, String what) {
    JsonNode json;
    try {
      json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      json = JSON.createObjectNode();
    }
    if (status / 100 != 2) {
      String message = json.at("/error/message").asText("HTTP " + status);
      throw new BatchLaneException(status, "Batch API " + what + ": HTTP " + status + " " + redactor.scrub(message));
    }
    return json;
  }
}
