package dev.winnow.ledger;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a ledger lives: a SQLite file on this machine (the default), or a PostgreSQL database that several machines
 * share, named by a {@code postgresql://user[:password]@host[:port]/database} URL as libpq spells it. A location
 * never shows its password: {@link #display()} is what messages and reports print.
 */
public sealed interface LedgerLocation {

  /** A name for the ledger that is safe to print: the file, or the URL without its password. */
  String display();

  /** Reads {@code --db} or {@code WINNOW_DB}: a URL with a postgresql scheme, else a file path. */
  static LedgerLocation parse(String text) {
    if (text == null || text.isBlank()) throw LedgerException.usage("--db is empty: give a SQLite file or a postgresql:// URL");
    String t = text.strip();
    if (t.startsWith("postgresql://") || t.startsWith("postgres://")) return Postgres.parse(t);
    if (t.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw LedgerException.usage("--db " + t.substring(0, t.indexOf("://") + 3) + "...: unknown scheme (use a SQLite file path or postgresql://user@host:port/db)");
    }
    return new SqliteFile(Path.of(t));
  }

  /** A SQLite ledger in one file, shared by the processes of one machine (WAL). */
  record SqliteFile(Path file) implements LedgerLocation {
    @Override
    public String display() {
      return file.toString();
    }
  }

  /**
   * A PostgreSQL ledger. The password comes from the URL or, when the URL has none, from {@code PGPASSWORD}, as
   * libpq does; {@code params} are passed on to the driver (sslmode, connectTimeout, ...).
   */
  record Postgres(String host, int port, String database, String user, String password, Map<String, String> params) implements LedgerLocation {
    public Postgres {
      params = Map.copyOf(params);
    }

    static Postgres parse(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw LedgerException.usage("--db is not a valid postgresql:// URL: " + redact(url));
      }
      String host = uri.getHost();
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if (host == null || host.isBlank()) throw LedgerException.usage("--db " + redact(url) + " names no host (postgresql://user@host:port/db)");
      if (path.isBlank()) throw LedgerException.usage("--db " + redact(url) + " names no database (postgresql://user@host:port/db)");
      String user = "postgres";
      String password = System.getenv("PGPASSWORD");
      String info = uri.getRawUserInfo();
      if (info != null && !info.isEmpty()) {
        int colon = info.indexOf(':');
        user = decode(colon < 0 ? info : info.substring(0, colon));
        if (colon >= 0) password = decode(info.substring(colon + 1));
      }
      Map<String, String> params = new LinkedHashMap<>();
      if (uri.getRawQuery() != null) {
        for (String kv : uri.getRawQuery().split("&")) {
          if (kv.isEmpty()) continue;
          int eq = kv.indexOf('=');
          params.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
        }
      }
      return new Postgres(host, uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path), user, password, params);
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String display() {
      return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    /** Never print a password: the record's own toString would. */
    @Override
    public String toString() {
      return display();
    }

    private static String decode(String s) {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced, for a message about a URL that could not be read. */
    static String redact(String url) {
      return url.replaceFirst("://([^:/@]*):[^@]*@", "://$1:***@");
    }
  }
}
