package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.job.Job;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.AutoReviewer;
import dev.winnow.review.HumanReviewer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery's door, tested over real HTTP against the real app on a free port. */
class SecurityTest {
  @TempDir static Path dir;
  static Ledger ledger;
  static WebApp app;
  static HumanReviewer reviewer;
  static String token;
  static String base;
  static Candidate candidate;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startApp() throws Exception {
    ledger = Ledger.open(dir.resolve("w.db"));
    Job job = TestBatch.job("security test lake", 2, null);
    TestBatch.start(ledger, job, dir.resolve("out"), new AutoReviewer(), ProgressListener.SILENT).get(60, TimeUnit.SECONDS);
    candidate = ledger.candidates(job.batchId()).stream().filter(c -> c.draftFile() != null).findFirst().orElseThrow();
    Files.writeString(dir.resolve("secret.txt"), "not for the browser");
    reviewer = new HumanReviewer(ledger, job.batchId(), HumanReviewer.Settings.defaults(), Clock.systemUTC());
    token = WebApp.newToken();
    app = WebApp.start(WebApp.Settings.local(token), ledger, job.batchId(), reviewer, null, TestBatch.PRICES);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterAll
  static void stop() {
    app.close();
    reviewer.close();
    ledger.close();
  }

  @Test
  void bindsToLoopbackByDefaultAndPrintsALinkWithTheToken() {
    assertThat(app.url().toString()).startsWith("http://127.0.0.1:" + app.port() + "/?t=" + token);
    assertThat(token).hasSizeGreaterThanOrEqualTo(22);
  }

  @Test
  void aWriteWithoutTheTokenIsRefused() throws Exception {
    assertThat(post("/api/undo", null, null).statusCode()).isEqualTo(403);
    assertThat(post("/api/decide", "wrong-token-wrong-token", null).statusCode()).isEqualTo(403);
  }

  @Test
  void aWriteCarryingTheTokenOnlyInTheCookieOrQueryIsRefused() throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/undo?t=" + token)).header("Content-Type", "application/json")
        .header("Cookie", "winnow_" + app.port() + "=" + token).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
  }

  @Test
  void aWriteFromAnotherOriginIsRefused() throws Exception {
    assertThat(post("/api/undo", token, b -> b.header("Origin", "http://evil.example")).statusCode()).isEqualTo(403);
    assertThat(post("/api/undo", token, b -> b.header("Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
    assertThat(post("/api/undo", token, b -> b.header("Sec-Fetch-Site", "same-site")).statusCode()).isEqualTo(403);
  }

  @Test
  void aSameOriginWriteWithTheTokenIsServed() throws Exception {
    HttpResponse<String> r = post("/api/undo", token, b -> b.header("Origin", base).header("Sec-Fetch-Site", "same-origin"));
    assertThat(r.statusCode()).isEqualTo(409); // accepted through the door; nothing to undo
    assertThat(r.body()).contains("nothing to undo");
  }

  @Test
  void aFormPostIsRefusedEvenWithTheToken() throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/undo")).header("X-Winnow-Token", token)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")).build();
    assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
  }

  @Test
  void readsNeedTheTokenAndTheLinkSetsACookieForTheRest() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(403);
    assertThat(get("/img/" + candidate.id() + "/draft").statusCode()).isEqualTo(403);
    HttpResponse<String> page = get("/?t=" + token);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Strict"));
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    HttpRequest withCookie = HttpRequest.newBuilder(URI.create(base + "/img/" + candidate.id() + "/draft?w=200"))
        .header("Cookie", "winnow_" + app.port() + "=" + token).build();
    HttpResponse<byte[]> img = http.send(withCookie, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(img.statusCode()).isEqualTo(200);
    assertThat(img.headers().firstValue("Content-Type")).hasValue("image/jpeg");
  }

  @Test
  void pathsThatTryToLeaveTheBatchFolderAreRefused() throws Exception {
    for (String path : List.of(
        "/img/..%2F..%2Fsecret.txt/draft", "/img/" + candidate.id() + "/..%2F..%2F..%2Fsecret.txt", "/img/%2e%2e/%2e%2e/secret.txt",
        "/img/1/draft/../../../../secret.txt", "/static/..%2F..%2Fsecret.txt", "/static/%2e%2e%2fgallery.js", "/img/-1/draft",
        "/img/" + candidate.id() + "/manifest")) {
      HttpResponse<String> r = get(path + (path.contains("?") ? "&" : "?") + "t=" + token);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.body()).as(path).doesNotContain("not for the browser");
    }
  }

  @Test
  void aLedgerPathPointingOutOfTheBatchFolderIsNotServed(@TempDir Path root) throws IOException {
    Path batchRoot = Files.createDirectories(root.resolve("b"));
    Files.writeString(root.resolve("outside.png"), "x");
    Files.writeString(batchRoot.resolve("inside.png"), "x");
    Files.createSymbolicLink(batchRoot.resolve("link.png"), root.resolve("outside.png"));
    assertThat(BatchFiles.inside(batchRoot, "inside.png")).isPresent();
    assertThat(BatchFiles.inside(batchRoot, "../outside.png")).isEmpty();
    assertThat(BatchFiles.inside(batchRoot, root.resolve("outside.png").toString())).isEmpty();
    assertThat(BatchFiles.inside(batchRoot, "link.png")).isEmpty();
  }

  @Test
  void aRequestNamingAnotherHostIsRefused() throws IOException {
    // A page whose DNS name was rebound to 127.0.0.1 still sends its own name as Host.
    try (Socket s = new Socket("127.0.0.1", app.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /?t=" + token + " HTTP/1.1\r\nHost: evil.example:" + app.port() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 403");
    }
  }

  @Test
  void noPageCarriesTheTokenToAnotherSiteOrLoadsAnythingFromOne() throws Exception {
    for (String path : List.of("/", "/report", "/cards")) {
      HttpResponse<String> r = get(path + "?t=" + token);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).doesNotContain("src=\"http").doesNotContain("href=\"http");
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String tokenHeader, java.util.function.UnaryOperator<HttpRequest.Builder> extra)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":" + candidate.id() + ",\"pick\":\"accept\"}"));
    if (tokenHeader != null) b.header("X-Winnow-Token", tokenHeader);
    if (extra != null) b = extra.apply(b);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
