package dev.winnow.pipeline;

import dev.winnow.ledger.Workers;
import dev.winnow.ledger.Ledger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process as the ledger knows it: an id, the leases it holds (renewed by a heartbeat while it lives), and the
 * judgement of which other workers are gone. A worker on this machine whose process has ended is gone at once; one
 * elsewhere is gone when its leases run out.
 */
final class Worker implements AutoCloseable {
  /** How long a lease lasts without a heartbeat; calls can take minutes, so the heartbeat, not the call, renews it. */
  static final Duration LEASE = Duration.ofSeconds(30);

  private final Ledger ledger;
  private final Clock clock;
  private final String id;
  private final String host;
  private final ScheduledExecutorService heartbeat;

  private Worker(Ledger ledger, Clock clock, String id, String host) {
    this.ledger = ledger;
    this.clock = clock;
    this.id = id;
    this.host = host;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "winnow-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** Registers this process in the ledger and starts its heartbeat. */
  static Worker start(Ledger ledger, Clock clock) {
    String host = hostName();
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(clock.millis());
    String id = host + ":" + self.pid() + ":" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
    Worker w = new Worker(ledger, clock, id, host);
    ledger.workers().registerWorker(id, host, self.pid(), started, clock.millis());
    long every = LEASE.toMillis() / 3;
    w.heartbeat.scheduleWithFixedDelay(w::beat, every, every, TimeUnit.MILLISECONDS);
    return w;
  }

  java.time.Clock clock() {
    return clock;
  }

  String id() {
    return id;
  }

  /** When a lease or reservation taken now runs out unless renewed. */
  long leaseUntil() {
    return clock.millis() + LEASE.toMillis();
  }

  long now() {
    return clock.millis();
  }

  private void beat() {
    try {
      ledger.workers().heartbeat(id, clock.millis(), leaseUntil());
    } catch (RuntimeException e) {
      // A busy ledger skips a beat; the lease is three beats long.
    }
  }

  /**
   * Holders of leases in the ledger that are surely gone: stopped cleanly, or on this machine with no process of
   * that pid started at that time. Others are trusted until their leases run out.
   */
  Set<String> goneWorkers() {
    Set<String> gone = new HashSet<>();
    for (Workers.Worker w : ledger.workers().holdingWorkers()) {
      if (w.id().equals(id)) continue;
      if (w.stopped() || (w.host().equals(host) && !alive(w))) gone.add(w.id());
    }
    return gone;
  }

  private static boolean alive(Workers.Worker w) {
    Optional<ProcessHandle> p = ProcessHandle.of(w.pid());
    if (p.isEmpty() || !p.get().isAlive()) return false;
    // A pid can be reused: the same pid started at another time is another process.
    return p.get().info().startInstant().map(s -> Math.abs(s.toEpochMilli() - w.startedMs()) < 2_000).orElse(true);
  }

  /** Stops the heartbeat and gives back whatever is still held. Call after the calls in flight have landed. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    ledger.workers().stopWorker(id);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
