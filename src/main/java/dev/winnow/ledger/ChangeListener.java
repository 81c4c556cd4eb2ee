package dev.winnow.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A thread that LISTENs on a PostgreSQL channel on a connection of its own and hands each notification's payload
 * on. A dropped connection is opened again after a second; changes made meanwhile are not replayed, which is fine for
 * its readers: a notification only says "look again", and they also look on their own now and then.
 */
final class ChangeListener implements AutoCloseable {
  private final Connections connections;
  private final String channel;
  private final Consumer<String> onChange;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;
  private final java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);

  private ChangeListener(Connections connections, String channel, Consumer<String> onChange) {
    this.connections = connections;
    this.channel = channel;
    this.onChange = onChange;
    this.thread = new Thread(this::loop, "winnow-listen");
    thread.setDaemon(true);
  }

  /** Starts listening; returns once the LISTEN is in place (or after 5 s if the server is slow to answer). */
  static ChangeListener start(Connections connections, String channel, Consumer<String> onChange) {
    ChangeListener l = new ChangeListener(connections, channel, onChange);
    l.thread.start();
    try {
      l.listening.await(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return l;
  }

  private void loop() {
    while (!closed) {
      try (Connection c = connections.dedicated(); Statement s = c.createStatement()) {
        connection = c;
        s.execute("LISTEN " + channel);
        listening.countDown();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(1_000);
          if (got == null) continue;
          for (PGNotification n : got) onChange.accept(n.getParameter());
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) return;
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing a listener that is going away: nothing left to tell anyone
      }
    }
  }
}
