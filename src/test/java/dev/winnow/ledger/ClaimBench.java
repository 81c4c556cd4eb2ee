package dev.winnow.ledger;

import dev.winnow.spec.AspectRatio;
import dev.winnow.spec.ImageSize;
import dev.winnow.spec.Instructions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many paid calls a second one ledger can account for when several workers share it: each "call" is the
 * ledger's part of a real draft (a claim that leases the candidate and reserves its price under a budget cap, then
 * the transition that records the call, settles the reservation and releases the lease), with no model behind it.
 * Each worker is a ledger of its own (its own pool, as a separate process has); SQLite and PostgreSQL alike.
 *
 * <pre>bench/ledger/claims.sh</pre>
 */
public final class ClaimBench {
  private static final Instructions IN =
      new Instructions("a lake", 7, new AspectRatio(16, 9), ImageSize.K1, ImageSize.K2, "draft-m", "final-m");

  public static void main(String[] args) throws Exception {
    int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    System.out.println("| ledger | workers | calls | seconds | calls/s | budget held |");
    System.out.println("|---|---|---|---|---|---|");
    for (String kind : List.of("sqlite", "postgresql")) {
      for (int workers : new int[] {1, 3, 6}) run(kind, workers, perRun);
    }
  }

  private static void run(String kind, int workers, int total) throws Exception {
    String target = kind.equals("sqlite")
        ? Files.createTempDirectory("claimbench").resolve("w.db").toString()
        : PostgresServer.shared().createDatabase();
    long price = 1_000;
    long cap = price * total;
    try (Ledger setup = Ledger.open(target)) {
      setup.createBatch("b", "local", "{}", total, "out", cap);
      for (int i = 0; i < total; i++) setup.plan("b", 0, i, IN);
    }
    List<Ledger> ledgers = new ArrayList<>();
    for (int w = 0; w < workers; w++) ledgers.add(Ledger.open(LedgerLocation.parse(target), Clock.systemUTC()));
    AtomicInteger done = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Ledger l = ledgers.get(w);
      String owner = "w" + w;
      Thread t = new Thread(() -> {
        try {
          go.await();
          while (true) {
            long now = System.currentTimeMillis();
            List<Claims.Claimed> got = l.claims().claim("b", CandidateState.PLANNED, owner, now, now + 30_000, 1,
                c -> new Claims.Hold("draft", "draft", "draft-m", "1K", price));
            if (got.isEmpty()) return;
            Claims.Claimed c = got.get(0);
            CallRecord call = new CallRecord("b", c.candidate().id(), "draft", "draft", "draft-m", "1K", 1, "image", 200, price, price, 0, 10,
                Instant.now(), null);
            l.transition(c.candidate().id(), CandidateState.PLANNED, CandidateState.DRAFTED, Change.none().withDraft("drafts/x.png", "image/png"),
                call, c.reservation(), false);
            done.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      threads.add(t);
      t.start();
    }
    long start = System.nanoTime();
    go.countDown();
    for (Thread t : threads) t.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long spent;
    try (Ledger check = Ledger.open(target)) {
      spent = check.spentMicros("b");
      if (check.calls("b").size() != total || spent != cap) throw new IllegalStateException("calls or spend do not add up: " + spent);
    }
    ledgers.forEach(Ledger::close);
    System.out.printf("| %s | %d | %d | %.1f | %.0f | %s |%n", kind, workers, done.get(), seconds, done.get() / seconds, spent <= cap ? "yes" : "NO");
  }
}
