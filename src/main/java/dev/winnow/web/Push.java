package dev.winnow.web;

import dev.winnow.ledger.Ledger;
import io.javalin.http.sse.SseClient;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells open pages that their batch changed, as server-sent events ({@code GET /api/events}), from the ledger's own
 * notifications (PostgreSQL LISTEN/NOTIFY): a pick made in another process's gallery, a final delivered by another
 * worker. Bursts are sent as one event every {@link #COALESCE_MS} ms at most. On SQLite there is nothing to listen
 * to: {@link #active()} is false and pages poll.
 */
final class Push implements AutoCloseable {
  static final long COALESCE_MS = 150;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final Optional<AutoCloseable> listening;
  private final ScheduledExecutorService sender;

  Push(Ledger ledger, String batchId) {
    this.listening = ledger.listen(changed -> {
      if (changed.equals(batchId)) dirty.set(true);
    });
    this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "winnow-push");
      t.setDaemon(true);
      return t;
    });
    if (listening.isPresent()) sender.scheduleWithFixedDelay(this::flush, COALESCE_MS, COALESCE_MS, TimeUnit.MILLISECONDS);
  }

  boolean active() {
    return listening.isPresent();
  }

  void add(SseClient client) {
    client.keepAlive();
    clients.add(client);
    client.onClose(() -> clients.remove(client));
    client.sendEvent("hello", active() ? "push" : "poll");
  }

  private void flush() {
    if (!dirty.getAndSet(false)) return;
    for (SseClient c : clients) {
      if (c.terminated()) clients.remove(c);
      else c.sendEvent("change", "");
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
    clients.forEach(SseClient::close);
    listening.ifPresent(l -> {
      try {
        l.close();
      } catch (Exception ignored) {
        // the app is stopping
      }
    });
  }
}
