package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.generate.BatchLane;
import dev.winnow.generate.BatchLaneException;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Batch API client against fixtures of the documented wire format: create, poll, results, list, errors. */
class GeminiBatchLaneTest {
  private static final String KEY = Fixtures.KEY;
  private static final ObjectMapper JSON = new ObjectMapper();
  private MockWebServer server;
  private GeminiBatchLane lane;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    lane = new GeminiBatchLane(GeminiSettings.of(KEY).withBaseUrl(URI.create(server.url("/").toString())).withTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private void answer(int status, String body) {
    server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body));
  }

  private static BatchLane.Item item(String key, long seed) {
    Instructions in = new Instructions("a lighthouse at dusk", seed, AspectRatio.parse("16:9").orElseThrow(), ImageSize.K1, ImageSize.K2,
        "gemini-3.1-flash-lite-image", "gemini-nano-banana-2.1");
    return new BatchLane.Item(key, GenerationRequest.draft(in));
  }

  @Test
  void createsAJobWithTheDocumentedBodyAndReturnsItsName() throws Exception {
    answer(200, Fixtures.read("batch-created.json"));
    String name = lane.submit("gemini-3.1-flash-lite-image", "winnow-b1-drafts-1", List.of(item("c1", 7), item("c2", 8)));
    assertThat(name).isEqualTo("batches/abc123pending");
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/v1beta/models/gemini-3.1-flash-lite-image:batchGenerateContent");
    assertThat(r.getHeader("x-goog-api-key")).isEqualTo(KEY);
    assertThat(r.getPath()).doesNotContain(KEY);
    JsonNode body = JSON.readTree(r.getBody().readUtf8());
    assertThat(body.at("/batch/displayName").asText()).isEqualTo("winnow-b1-drafts-1");
    JsonNode first = body.at("/batch/inputConfig/requests/requests/0");
    assertThat(first.at("/metadata/key").asText()).isEqualTo("c1");
    assertThat(first.at("/request/contents/0/parts/0/text").asText()).isEqualTo("a lighthouse at dusk");
    assertThat(first.at("/request/generationConfig/seed").asInt()).isEqualTo(7);
    assertThat(first.at("/request/generationConfig/responseModalities/0").asText()).isEqualTo("IMAGE");
    assertThat(first.at("/request/generationConfig/imageConfig/aspectRatio").asText()).isEqualTo("16:9");
    assertThat(first.at("/request/generationConfig/imageConfig/imageSize").asText()).isEqualTo("1K");
    assertThat(body.at("/batch/inputConfig/requests/requests/1/metadata/key").asText()).isEqualTo("c2");
  }

  @Test
  void aJobTooBigToSendInlineGoesAsAJsonlFileThroughTheResumableUpload() throws Exception {
    GeminiBatchLane small = new GeminiBatchLane(
        GeminiSettings.of(KEY).withBaseUrl(URI.create(server.url("/").toString())).withTimeout(Duration.ofSeconds(5)), 100);
    String uploadUrl = server.url("/upload/v1beta/files?upload_id=ABC123&upload_protocol=resumable").toString();
    server.enqueue(new MockResponse().setResponseCode(200).setHeader("X-Goog-Upload-URL", uploadUrl).setHeader("X-Goog-Upload-Status", "active").setBody(""));
    answer(200, "{\"file\": {\"name\": \"files/jsonl-input-42\", \"displayName\": \"winnow-b1-finals-1\", \"mimeType\": \"application/jsonl\","
        + " \"sizeBytes\": \"900\", \"state\": \"ACTIVE\"}}");
    answer(200, Fixtures.read("batch-created.json"));
    String name = small.submit("gemini-3.1-flash-lite-image", "winnow-b1-finals-1", List.of(item("c1", 7), item("c2", 8)));
    assertThat(name).isEqualTo("batches/abc123pending");

    RecordedRequest start = server.takeRequest();
    assertThat(start.getPath()).isEqualTo("/upload/v1beta/files");
    assertThat(start.getHeader("X-Goog-Upload-Protocol")).isEqualTo("resumable");
    assertThat(start.getHeader("X-Goog-Upload-Command")).isEqualTo("start");
    assertThat(start.getHeader("X-Goog-Upload-Header-Content-Type")).isEqualTo("application/jsonl");
    assertThat(JSON.readTree(start.getBody().readUtf8()).at("/file/display_name").asText()).isEqualTo("winnow-b1-finals-1");

    RecordedRequest upload = server.takeRequest();
    assertThat(upload.getPath()).startsWith("/upload/v1beta/files?upload_id=ABC123");
    assertThat(upload.getHeader("X-Goog-Upload-Command")).isEqualTo("upload, finalize");
    assertThat(upload.getHeader("X-Goog-Upload-Offset")).isEqualTo("0");
    List<String> lines = upload.getBody().readUtf8().lines().toList();
    assertThat(start.getHeader("X-Goog-Upload-Header-Content-Length")).isEqualTo(String.valueOf(upload.getBodySize()));
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("key").asText()).isEqualTo("c1");
    assertThat(first.at("/request/generationConfig/seed").asInt()).isEqualTo(7);

    JsonNode create = JSON.readTree(server.takeRequest().getBody().readUtf8());
    assertThat(create.at("/batch/inputConfig/fileName").asText()).isEqualTo("files/jsonl-input-42");
    assertThat(create.at("/batch/inputConfig/requests").isMissingNode()).isTrue();
  }

  @Test
  void pollsReadEveryStateTheApiReports() {
    Map<String, BatchLane.State> fixtures = new LinkedHashMap<>();
    fixtures.put("batch-created.json", BatchLane.State.PENDING);
    fixtures.put("batch-running.json", BatchLane.State.RUNNING);
    fixtures.put("batch-succeeded-file.json", BatchLane.State.SUCCEEDED);
    fixtures.put("batch-failed.json", BatchLane.State.FAILED);
    fixtures.put("batch-cancelled.json", BatchLane.State.CANCELLED);
    fixtures.put("batch-expired.json", BatchLane.State.EXPIRED);
    fixtures.forEach((f, state) -> {
      answer(200, Fixtures.read(f));
      BatchLane.Job job = lane.poll("batches/abc123pending");
      assertThat(job.state()).as(f).isEqualTo(state);
      assertThat(job.state().ended()).isEqualTo(state != BatchLane.State.PENDING && state != BatchLane.State.RUNNING);
    });
    // the SDK's names for the same states are read too
    answer(200, Fixtures.read("batch-running.json").replace("BATCH_STATE_RUNNING", "JOB_STATE_SUCCEEDED"));
    assertThat(lane.poll("batches/abc123pending").state()).isEqualTo(BatchLane.State.SUCCEEDED);
  }

  @Test
  void inlineResultsOutOfOrderAreMatchedByKeyWithTheirErrors() {
    String image = Fixtures.read("image-jpeg.json"), blocked = Fixtures.read("blocked-image-safety.json");
    answer(200, Fixtures.read("batch-succeeded-inline.json").replace("\"__IMAGE_RESPONSE__\"", image).replace("\"__BLOCKED_RESPONSE__\"", blocked));
    Map<String, CallOutcome> got = new LinkedHashMap<>();
    lane.results("batches/abc123pending", got::put);
    assertThat(got.keySet()).containsExactly("c3", "c2", "c1", "c4");
    assertThat(got.get("c2")).isInstanceOf(CallOutcome.Image.class);
    assertThat(got.get("c1")).isInstanceOf(CallOutcome.Blocked.class);
    assertThat(got.get("c3")).isInstanceOfSatisfying(CallOutcome.Retryable.class, r -> assertThat(r.httpStatus()).isEqualTo(503));
    assertThat(got.get("c4")).isInstanceOfSatisfying(CallOutcome.Fatal.class, f -> assertThat(f.httpStatus()).isEqualTo(400));
  }

  @Test
  void aResponsesFileIsReadALineAtATime() throws Exception {
    answer(200, Fixtures.read("batch-succeeded-file.json"));
    String imageLine = JSON.createObjectNode().put("key", "c9").set("response", JSON.readTree(Fixtures.read("image-jpeg.json"))).toString();
    String errorLine = "{\"key\":\"c8\",\"error\":{\"code\":8,\"message\":\"Resource has been exhausted (e.g. check quota).\"}}";
    server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/jsonl").setBody(errorLine + "\n" + imageLine + "\n"));
    Map<String, CallOutcome> got = new LinkedHashMap<>();
    lane.results("batches/filejob42", got::put);
    server.takeRequest();
    RecordedRequest download = server.takeRequest();
    assertThat(download.getPath()).isEqualTo("/download/v1beta/files/batch-filejob42-results:download?alt=media");
    assertThat(got.get("c9")).isInstanceOf(CallOutcome.Image.class);
    assertThat(got.get("c8")).isInstanceOfSatisfying(CallOutcome.Retryable.class, r -> assertThat(r.httpStatus()).isEqualTo(429));
  }

  @Test
  void aJobIsFoundAgainByItsDisplayNameAcrossPages() throws Exception {
    answer(200, Fixtures.read("batch-list-page1.json"));
    answer(200, Fixtures.read("batch-list-page2.json"));
    assertThat(lane.find("winnow-b1-drafts-1")).contains("batches/abc123pending");
    server.takeRequest();
    assertThat(server.takeRequest().getPath()).contains("pageToken=page-2-token");
    answer(200, Fixtures.read("batch-list-page2.json"));
    assertThat(lane.find("winnow-b1-drafts-9")).isEmpty();
  }

  @Test
  void anErrorIsOneLineWithoutTheKey() {
    answer(403, Fixtures.read("error-403-key-echo.json"));
    assertThatThrownBy(() -> lane.poll("batches/abc123pending"))
        .isInstanceOf(BatchLaneException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageNotContaining(KEY)
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }
}
