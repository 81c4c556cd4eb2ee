package dev.winnow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's manifest in a real S3-compatible server (S3Proxy): one object per entry, written once, read back as JSONL. */
class S3ManifestTest {
  private static final String STORE = "s3://pics/team";
  private static final int WORKERS = 8;
  private static final int EACH = 25;
  @TempDir static Path dir;
  static S3ProxyServer s3;
  static Stores stores;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(dir);
    s3.createBucket("pics");
    stores = new Stores(s3.env());
  }

  @AfterAll
  static void stop() {
    if (stores != null) stores.close();
    if (s3 != null) s3.close();
  }

  private static BatchObjects batch(String id) {
    return stores.open(STORE).batch(id);
  }

  private static String line(long candidate, String note) {
    return "{\"candidate\":" + candidate + ",\"note\":\"" + note + "\"}";
  }

  private static String text(BatchObjects objects) {
    return objects.manifest().jsonl().map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
  }

  /** Runs {@code WORKERS} tasks started at the same instant, each with its own manifest as a worker process has. */
  private static List<Integer> atOnce(String batchId, Delivery delivery) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    CyclicBarrier start = new CyclicBarrier(WORKERS);
    try {
      List<Future<Integer>> added = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        Manifest manifest = stores.open(STORE).batch(batchId).manifest();
        added.add(pool.submit((Callable<Integer>) () -> {
          start.await();
          return delivery.run(worker, manifest);
        }));
      }
      List<Integer> counts = new ArrayList<>();
      for (Future<Integer> f : added) counts.add(f.get());
      return counts;
    } finally {
      pool.shutdownNow();
    }
  }

  interface Delivery {
    int run(int worker, Manifest manifest);
  }

  // The first round's answers are not counted: the SDK retries a PUT whose answer was lost, and the retry's 412 then
  // reports an entry this very call wrote. What must hold is what is in the bucket afterwards.
  @Test
  void workersDeliveringAtOnceLoseNoEntryAndARedeliveryWritesNothing() throws Exception {
    atOnce("crowd", (worker, manifest) -> {
      for (int i = 0; i < EACH; i++) {
        long candidate = (long) i * WORKERS + worker + 1; // interleaved, so neighbours' keys sort next to each other
        manifest.add("candidate", candidate, line(candidate, "first"));
      }
      return 0;
    });
    // Every entry again, each by another worker than delivered it, all at once: a finished delivery run twice.
    List<Integer> again = atOnce("crowd", (worker, manifest) -> {
      int n = 0;
      for (int i = 0; i < EACH; i++) {
        long candidate = (long) i * WORKERS + (worker + 1) % WORKERS + 1;
        if (manifest.add("candidate", candidate, line(candidate, "again"))) n++;
      }
      return n;
    });
    assertThat(again).containsOnly(0);
    int all = WORKERS * EACH;
    String expected = LongStream.rangeClosed(1, all).mapToObj(c -> line(c, "first") + "\n").reduce("", String::concat);
    assertThat(text(batch("crowd"))).isEqualTo(expected);
    assertThat(batch("crowd").list("manifest/")).hasSize(all);
    assertThat(batch("crowd").exists("manifest.jsonl")).as("no single manifest object").isFalse();
  }

  @Test
  void exportWritesExactlyTheEntriesInCandidateOrder() throws Exception {
    BatchObjects objects = batch("export");
    ImageStore store = ImageStore.of(stores.open(STORE), "export");
    for (long c : new long[] {10, 2, 33, 1}) store.appendManifest("candidate", c, line(c, "delivered"));
    store.appendManifest("candidate", 2, line(2, "again"));
    objects.put("manifest/notes.txt", "a person's note, not an entry".getBytes(StandardCharsets.UTF_8));
    List<Path> written = store.copyOut(List.of(), dir.resolve("exported"));
    assertThat(written).containsExactly(dir.resolve("exported").resolve("manifest.jsonl"));
    // numeric order (2 before 10), which the listing's lexicographic order is not
    assertThat(Files.readAllLines(written.get(0))).containsExactly(line(1, "delivered"), line(2, "delivered"), line(10, "delivered"), line(33, "delivered"));
  }

  @Test
  void aBatchWithNoDeliveryHasNoManifestToExport() {
    assertThat(batch("empty").manifest().jsonl()).isEmpty();
    assertThat(ImageStore.of(stores.open(STORE), "empty").copyOut(List.of(), dir.resolve("nothing"))).isEmpty();
  }

  @Test
  void anOldSingleObjectManifestIsStillReadAndCounted() {
    BatchObjects objects = batch("old");
    // as the version before wrote it, edited by hand since: the last line has no newline
    objects.put("manifest.jsonl", (line(5, "old") + "\n" + line(3, "old")).getBytes(StandardCharsets.UTF_8));
    Manifest manifest = objects.manifest();
    assertThat(manifest.add("candidate", 3, line(3, "again"))).as("delivered before the upgrade").isFalse();
    assertThat(objects.exists("manifest/candidate-3.json")).isFalse();
    assertThat(manifest.add("candidate", 4, line(4, "new"))).isTrue();
    assertThat(manifest.add("candidate", 1, line(1, "new"))).isTrue();
    // an entry object repeating an old line (a worker of each version finishing one delivery) is read once
    objects.putIfAbsent("manifest/candidate-5.json", line(5, "twice").getBytes(StandardCharsets.UTF_8));
    assertThat(text(objects)).isEqualTo(line(5, "old") + "\n" + line(3, "old") + "\n" + line(1, "new") + "\n" + line(4, "new") + "\n");
  }
}
