package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.cost.PriceTable;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.store.BatchObjects;
import dev.winnow.store.PngText;
import dev.winnow.store.S3ProxyServer;
import dev.winnow.store.Stores;
import dev.winnow.web.WebApp;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch whose images live in an S3 bucket (a real S3-compatible server, S3Proxy), end to end through the command
 * line: run, export, report, rebuild, worker and the gallery read and write the bucket, and a store that cannot be
 * used stops a run with one line before anything is paid for.
 */
class S3StoreTest {
  private static final String STORE = "s3://pics/team";
  @TempDir static Path dir;
  static S3ProxyServer s3;
  static Stores stores;
  static Path work;
  static String batch;
  static JsonNode summary;

  @BeforeAll
  static void runABatchIntoTheBucket() throws Exception {
    s3 = S3ProxyServer.start(dir);
    s3.createBucket("pics");
    stores = new Stores(s3.env());
    work = Files.createDirectories(dir.resolve("work"));
    CliProcess.Result r = CliProcess.run(work, s3.env(), "run", "--prompt", "lighthouse in fog", "--want", "2", "--size", "512",
        "--final-model", "nano-banana-2", "--store", STORE, "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    summary = new ObjectMapper().readTree(r.out());
    batch = summary.get("batch").asText();
  }

  @AfterAll
  static void stop() {
    if (stores != null) stores.close();
    if (s3 != null) s3.close();
  }

  private static BatchObjects objects() {
    return stores.open(STORE).batch(batch);
  }

  private static String keyOf(String url) {
    String prefix = STORE + "/" + batch + "/";
    assertThat(url).startsWith(prefix);
    return url.substring(prefix.length());
  }

  @Test
  void runDeliversFinalsIntoTheBucketWithTheirMetadata() throws Exception {
    assertThat(summary.get("delivered").asInt()).isEqualTo(2);
    for (JsonNode f : summary.get("finals")) {
      byte[] png = objects().get(keyOf(f.asText())).orElseThrow();
      Map<String, String> text = PngText.read(png);
      assertThat(text.get("parameters")).startsWith("lighthouse in fog\nSeed: ");
      assertThat(new ObjectMapper().readTree(text.get("winnow")).get("batch").asText()).isEqualTo(batch);
    }
    String manifest = new String(objects().manifest().jsonl().orElseThrow(), StandardCharsets.UTF_8);
    assertThat(manifest.lines()).hasSize(2).allMatch(l -> l.contains("\"file\":\"finals/"));
    assertThat(work.resolve("winnow-out")).doesNotExist();
  }

  @Test
  void exportCopiesTheFinalsAndTheManifestOutUntouched() throws Exception {
    CliProcess.Result r = CliProcess.run(work, s3.env(), "export", batch, "exported");
    assertThat(r.exit()).as(r.err()).isZero();
    Path out = work.resolve("exported");
    for (JsonNode f : summary.get("finals")) {
      String key = keyOf(f.asText());
      Path copy = out.resolve(key.substring(key.lastIndexOf('/') + 1));
      assertThat(Files.readAllBytes(copy)).isEqualTo(objects().get(key).orElseThrow());
      assertThat(PngText.read(Files.readAllBytes(copy))).containsKeys("parameters", "winnow");
    }
    assertThat(Files.readAllBytes(out.resolve("manifest.jsonl"))).isEqualTo(objects().manifest().jsonl().orElseThrow());
    assertThat(objects().list("manifest/")).hasSize(2).allMatch(k -> k.matches("manifest/candidate-\\d+\\.json"));
    try (var files = Files.list(out)) {
      assertThat(files).hasSize(3);
    }
    assertThat(r.err()).contains("exported 2 final(s) and the manifest");
  }

  @Test
  void theReportEmbedsDraftsReadFromTheBucket() throws Exception {
    CliProcess.Result r = CliProcess.run(work, s3.env(), "report", batch, "--html", "report.html");
    assertThat(r.exit()).as(r.err()).isZero();
    String html = Files.readString(work.resolve("report.html"));
    int thumbnails = html.split("data:image/jpeg;base64,", -1).length - 1;
    assertThat(thumbnails).isEqualTo(summary.get("drafted").asInt());
  }

  @Test
  void theGalleryServesImagesFromTheBucket() throws Exception {
    String token = WebApp.newToken();
    try (Ledger ledger = Ledger.open(work.resolve("winnow.db"));
        WebApp app = WebApp.start(WebApp.Settings.local(token), ledger, batch, null, null, PriceTable.builtIn(), stores)) {
      Candidate c = ledger.candidates(batch).stream().filter(x -> x.state() == CandidateState.DELIVERED).findFirst().orElseThrow();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + app.port() + "/img/" + c.id();
      HttpResponse<byte[]> full = http.send(HttpRequest.newBuilder(URI.create(base + "/final?t=" + token)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(full.statusCode()).isEqualTo(200);
      assertThat(full.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/png"));
      assertThat(full.body()).isEqualTo(objects().get(c.finalFile()).orElseThrow());
      HttpResponse<byte[]> thumb = http.send(HttpRequest.newBuilder(URI.create(base + "/draft?w=200&t=" + token)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(thumb.statusCode()).isEqualTo(200);
      assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    }
  }

  @Test
  void rebuildWritesBesideTheFinalsInTheBucket() throws Exception {
    long id;
    try (Ledger ledger = Ledger.open(work.resolve("winnow.db"))) {
      id = ledger.candidates(batch).stream().filter(c -> c.state() == CandidateState.DELIVERED).findFirst().orElseThrow().id();
    }
    CliProcess.Result r = CliProcess.run(work, s3.env(), "rebuild", "c" + id);
    assertThat(r.exit()).as(r.err()).isZero();
    String key = keyOf(r.out().strip());
    assertThat(key).startsWith("rebuilds/");
    assertThat(PngText.read(objects().get(key).orElseThrow())).containsKey("winnow");
  }

  @Test
  void aWorkerJoinsABatchInTheBucket() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    CompletableFuture<CliProcess.Result> run = CompletableFuture.supplyAsync(() -> cli(shared, s3.env(), "run", "--prompt", "a fox in snow",
        "--want", "4", "--size", "512", "--final-model", "nano-banana-2", "--store", STORE + "/shared"));
    Thread.sleep(1500);
    CliProcess.Result worker = CliProcess.run(Files.createDirectories(shared.resolve("w")), s3.env(), "worker", "--db", "../winnow.db",
        "--exit-when-idle", "--poll", "0.2");
    assertThat(worker.exit()).as(worker.err()).isZero();
    assertThat(run.get().exit()).as(run.get().err()).isZero();
    try (Ledger ledger = Ledger.open(shared.resolve("winnow.db"))) {
      String id = ledger.batches().get(0).id();
      assertThat(ledger.batches().get(0).outDir()).isEqualTo(STORE + "/shared");
      List<Candidate> delivered = ledger.candidates(id).stream().filter(c -> c.state() == CandidateState.DELIVERED).toList();
      assertThat(delivered).hasSize(4);
      BatchObjects objects = stores.open(STORE + "/shared").batch(id);
      for (Candidate c : delivered) assertThat(objects.exists(c.finalFile())).as(c.finalFile()).isTrue();
    }
  }

  @Test
  void winnowStoreInTheEnvironmentChoosesTheBucket() throws Exception {
    Path at = Files.createDirectories(dir.resolve("from-env"));
    Map<String, String> env = new HashMap<>(s3.env());
    env.put("WINNOW_STORE", STORE + "/env");
    CliProcess.Result r = CliProcess.run(at, env, "run", "--prompt", "a quiet pond", "--want", "1", "--size", "512", "--final-model", "nano-banana-2");
    assertThat(r.exit()).as(r.err()).isZero();
    try (Ledger ledger = Ledger.open(at.resolve("winnow.db"))) {
      assertThat(ledger.batches()).singleElement().satisfies(b -> assertThat(b.outDir()).isEqualTo(STORE + "/env"));
    }
    assertThat(at.resolve("winnow-out")).doesNotExist();
  }

  // ---- a store that cannot be used: one line, a non-zero exit, nothing paid for

  @Test
  void storeAndOutTogetherIsOneLine() throws Exception {
    Path at = Files.createDirectories(dir.resolve("bad-both"));
    CliProcess.Result r = CliProcess.run(at, s3.env(), "run", "--prompt", "sky", "--want", "1", "--store", STORE, "--out", "elsewhere");
    assertOneLine(r, "give --store or --out, not both");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
  }

  private static CliProcess.Result cli(Path at, Map<String, String> env, String... args) {
    try {
      return CliProcess.run(at, env, args);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static CliProcess.Result badRun(String name, Map<String, String> env, String store) throws Exception {
    Path at = Files.createDirectories(dir.resolve("bad-" + name));
    CliProcess.Result r = CliProcess.run(at, env, "run", "--prompt", "sky", "--want", "1", "--store", store);
    if (Files.exists(at.resolve("winnow.db"))) {
      try (Ledger ledger = Ledger.open(at.resolve("winnow.db"))) {
        assertThat(ledger.batches()).as("no batch was started").isEmpty();
      }
    }
    return r;
  }

  private static void assertOneLine(CliProcess.Result r, String contains) {
    assertThat(r.exit()).as(r.err()).isNotZero();
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(contains).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(S3ProxyServer.SECRET_KEY);
  }

  @Test
  void anUnreachableEndpointIsOneLine() throws Exception {
    Map<String, String> env = new HashMap<>(s3.env());
    try (ServerSocket s = new ServerSocket(0)) {
      env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + s.getLocalPort()); // bound but never accepting: then closed
    }
    assertOneLine(badRun("unreachable", env, STORE), "did not answer");
  }

  @Test
  void aWrongSecretIsOneLineThatDoesNotQuoteIt() throws Exception {
    CliProcess.Result r = badRun("secret", s3.env("wrong-secret-9f8e7d"), STORE);
    assertOneLine(r, "access refused");
    assertThat(r.err()).doesNotContain("wrong-secret-9f8e7d");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aMissingBucketIsOneLine() throws Exception {
    CliProcess.Result r = badRun("bucket", s3.env(), "s3://no-such-bucket/x");
    assertOneLine(r, "bucket 'no-such-bucket' does not exist");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aMalformedStoreUrlIsOneLine() throws Exception {
    CliProcess.Result r = badRun("url", s3.env(), "s3://Not_A_Bucket/x");
    assertOneLine(r, "--store s3://Not_A_Bucket/x is not a usable S3 URL");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void exportOfAnUnknownBatchOrIntoAFileIsOneLine() throws Exception {
    assertOneLine(CliProcess.run(work, s3.env(), "export", "nope", "x"), "no batch 'nope'");
    Files.writeString(work.resolve("a-file"), "x");
    assertOneLine(CliProcess.run(work, s3.env(), "export", batch, "a-file"), "is not a folder");
  }
}
