package dev.winnow.store;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for tests: S3Proxy with its filesystem backend, started as its own java process on a
 * free loopback port, with real v4 signatures (a wrong secret is refused, as by AWS). Each bucket is a folder under
 * the base directory. Start one per test class and close it after: it is stopped by its pid.
 *
 * <pre>{@code
 * @TempDir static Path dir;
 * static S3ProxyServer s3;
 * @BeforeAll static void start() throws Exception { s3 = S3ProxyServer.start(dir); s3.createBucket("pics"); }
 * @AfterAll static void stop() { s3.close(); }
 * ... CliProcess.run(work, s3.env(), "run", "--store", "s3://pics/team", ...)
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "winnow-test-access";
  public static final String SECRET_KEY = "winnow-test-secret-d0n7-pr1n7";
  public static final String REGION = "us-east-1";
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path buckets;
  private final Path log;
  private final int port;

  private S3ProxyServer(Process process, Path buckets, Path log, int port) {
    this.process = process;
    this.buckets = buckets;
    this.log = log;
    this.port = port;
  }

  /** Starts the server with its buckets and its log under {@code dir}, and waits until it answers HTTP. */
  public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
    Path buckets = Files.createDirectories(dir.resolve("s3-buckets"));
    int port = freePort();
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + buckets.toAbsolutePath(),
        ""), StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-jar", jar().toString(), "--properties", props.toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3ProxyServer server = new S3ProxyServer(p, buckets, log, port);
    server.awaitAnswer();
    return server;
  }

  /** The copy the build makes (target/s3proxy), else the one in the local Maven repository. */
  static Path jar() {
    Path copied = Path.of(System.getProperty("winnow.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (Files.isRegularFile(copied)) return copied;
    Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy", "4.1.0", "s3proxy-4.1.0-jar-with-dependencies.jar");
    if (Files.isRegularFile(m2)) return m2;
    throw new IllegalStateException("no s3proxy jar at " + copied + " or " + m2 + " (run the build once: mvn test-compile)");
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** What a winnow process needs to use this server: endpoint, region and the right credentials. */
  public Map<String, String> env() {
    return env(SECRET_KEY);
  }

  /** As {@link #env()}, with {@code secret} as the secret key (a wrong one is refused). */
  public Map<String, String> env(String secret) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint().toString());
    env.put("AWS_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    return env;
  }

  /** A bucket is a folder of the filesystem backend. */
  public void createBucket(String name) throws IOException {
    Files.createDirectories(buckets.resolve(name));
  }

  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitAnswer() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ": " + tail());
      try {
        HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2_000);
        c.getResponseCode(); // any answer (403 without a signature) means it is serving
        c.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("s3proxy did not answer on port " + port + " within " + STARTUP.toSeconds() + " s: " + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
