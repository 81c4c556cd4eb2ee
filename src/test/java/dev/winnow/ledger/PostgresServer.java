package dev.winnow.ledger;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for the tests: Debian's {@code postgresql-15} binaries, {@code initdb} into a temp
 * folder (as the {@code postgres} user when the tests run as root: the server refuses to run as root), started on a
 * free loopback port with {@code fsync=off}, a password on TCP (so a wrong one is refused, as on a real server), and
 * stopped by its pid when the JVM exits. One cluster per JVM; each test takes a database of its own.
 */
public final class PostgresServer {
  public static final String USER = "winnow";
  public static final String PASSWORD = "winnow-test-secret";
  private static PostgresServer shared;

  private final Path dir;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** The Debian PostgreSQL binaries, if installed (newest major version first). */
  public static Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> b.getParent().getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The JVM's cluster, started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      PostgresServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "stop-postgres"));
    }
    return shared;
  }

  private static PostgresServer start() {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed (apt-get install -y postgresql-15)"));
    try {
      Path dir = Files.createTempDirectory("winnow-pg");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path pwfile = dir.resolve("pw");
      Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
      chownToPostgres(dir);
      run(asPostgres(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER, "--pwfile=" + pwfile,
          "--auth-local=trust", "--auth-host=scram-sha-256", "-N", "-E", "UTF8", "--locale=C"));
      Files.delete(pwfile);
      int port = freePort();
      run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w",
          "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
              + " -c full_page_writes=off -c max_connections=200", "start"));
      return new PostgresServer(dir, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> asPostgres(String... command) {
    List<String> out = new ArrayList<>();
    if (root()) out.addAll(List.of("runuser", "-u", "postgres", "--"));
    out.addAll(List.of(command));
    return out;
  }

  private static void chownToPostgres(Path dir) throws IOException {
    if (root()) run(List.of("chown", "-R", "postgres", dir.toString()));
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed:\n" + out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** A new empty database; returns its URL as {@code --db} takes it, password included. */
  public String createDatabase() {
    String name = "w" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
    }
    return url(name, PASSWORD);
  }

  public String url(String database, String password) {
    return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + database;
  }

  /** Stops the server by the pid it wrote (a fast shutdown), then removes its files. */
  void stop() {
    try {
      Path pidFile = dir.resolve("data").resolve("postmaster.pid");
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle.of(pid).ifPresent(h -> {
          try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            h.onExit().get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            h.destroyForcibly();
          }
        });
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    } catch (IOException | RuntimeException e) {
      // The JVM is exiting: a folder left in /tmp is the worst outcome.
    }
  }
}
