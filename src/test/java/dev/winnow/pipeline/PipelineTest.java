package dev.winnow.pipeline;

import dev.winnow.ledger.TestLedgers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.cost.PriceTable;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.local.LocalImageModel;
import dev.winnow.job.Job;
import dev.winnow.job.JobInput;
import dev.winnow.job.JobValidator;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.CallRecord;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.review.AutoReviewer;
import dev.winnow.screen.Screen;
import dev.winnow.screen.ScreenSettings;
import dev.winnow.spec.Tier;
import dev.winnow.store.PngText;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  private static final PriceTable PRICES = PriceTable.builtIn();

  static Job job(String prompt, int want, Integer maxDrafts, int concurrency) {
    // 1K finals keep the suite fast; sizes are covered by the job and backend tests.
    return JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput(prompt, null)), want, null, null, null, null,
        "1K", null, null, null, concurrency, maxDrafts, null, null, null, JobInput.Source.FLAGS));
  }

  static BatchOutcome run(Ledger ledger, ImageModel model, Job job, Path out) {
    Pipeline p = new Pipeline(new Pipeline.Services(ledger, model, new Screen(ScreenSettings.defaults()), new AutoReviewer(),
        Planners.forJob(job), PRICES, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), new Random(1)), Quota.unlimited(),
        ProgressListener.SILENT, Clock.systemUTC(), "test"));
    return p.run(job, out);
  }

  @Test
  void deliversExactlyWantedWithAFunnelThatAddsUp(@TempDir Path dir) {
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      Job job = job("misty mountains at dawn", 8, null, 4);
      BatchOutcome o = run(ledger, new LocalImageModel(), job, dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      Summary s = Summaries.of(ledger, o.batchId(), PRICES);
      assertThat(s.delivered()).isEqualTo(8);
      assertThat(s.finals()).hasSize(8).allSatisfy(f -> assertThat(Path.of(f)).exists());
      assertThat(s.drafted()).isEqualTo(s.screenedOut() + s.draftFailed() + s.rejected() + s.accepted() + s.spare());
      assertThat(s.accepted()).isEqualTo(s.delivered() + s.finalFailed() + s.finalPending());
      assertThat(s.cost().spentMicros()).isEqualTo(s.cost().draftMicros() + s.cost().finalMicros() + s.cost().reviewMicros());
      // every final was made from its accepted draft's instructions
      for (Candidate c : ledger.candidates(o.batchId())) {
        if (c.state() != CandidateState.DELIVERED) continue;
        String parameters = PngText.read(readBytes(Path.of(s.finals().get(0)).getParent().resolve(Path.of(c.finalFile()).getFileName()))).get("parameters");
        assertThat(parameters).startsWith(c.instructions().prompt() + "\nSeed: " + c.instructions().seed() + ",");
      }
    }
  }

  @Test
  void aLaterBatchScreensOutCopiesOfWhatAnEarlierBatchKeptBeforePayingForTheirFinals(@TempDir Path dir) {
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      // Same prompt and first seed, another want: another batch whose first drafts are the first batch's again.
      BatchOutcome first = run(ledger, new LocalImageModel(), job("harbour at blue hour", 3, null, 2), dir.resolve("a"));
      BatchOutcome second = run(ledger, new LocalImageModel(), job("harbour at blue hour", 4, null, 2), dir.resolve("b"));
      assertThat(second.batchId()).isNotEqualTo(first.batchId());
      assertThat(second.status()).isEqualTo(BatchStatus.DONE);

      Map<Long, Candidate> keptBySeed = new HashMap<>();
      for (Candidate c : ledger.candidates(first.batchId())) {
        if (c.state() == CandidateState.DELIVERED) keptBySeed.put(c.instructions().seed(), c);
      }
      assertThat(keptBySeed).hasSize(3);
      int copies = 0;
      for (Candidate c : ledger.candidates(second.batchId())) {
        Candidate earlier = keptBySeed.get(c.instructions().seed());
        if (earlier == null) continue;
        copies++;
        assertThat(c.state()).as("seed %d", c.instructions().seed()).isEqualTo(CandidateState.SCREENED_OUT);
        assertThat(c.reasons()).contains("near_duplicate");
        assertThat(c.duplicateOf()).isEqualTo(first.batchId() + "/c" + earlier.id());
      }
      assertThat(copies).as("the second batch drafted the first one's keepers again").isEqualTo(3);
      // What the second batch was checked against: the first's keepers, with their fingerprints from the ledger.
      assertThat(ledger.keptHashes(second.batchId())).filteredOn(k -> k.batchId().equals(first.batchId()))
          .hasSize(3).allSatisfy(k -> assertThat(dev.winnow.screen.Fingerprint.fromBytes(k.fingerprint()).hash()).isEqualTo(k.phash()));
      // No final of the second batch is a copy of the first batch's: none was paid for.
      long copiesFinalised = ledger.calls(second.batchId()).stream()
          .filter(call -> call.purpose().equals("final") && keptBySeed.containsKey(ledger.candidate(call.candidateId()).instructions().seed()))
          .count();
      assertThat(copiesFinalised).isZero();
    }
  }

  @Test
  void sameJobAndSeedReproducesByteIdenticalDraftsAndFinals(@TempDir Path dir) {
    Job job = job("sunset over the sea", 5, null, 4);
    Map<String, byte[]> first, second;
    try (Ledger a = TestLedgers.open(dir.resolve("a.db"))) {
      first = files(a, run(a, new LocalImageModel(), job, dir.resolve("a")).batchId(), dir.resolve("a"));
    }
    try (Ledger b = TestLedgers.open(dir.resolve("b.db"))) {
      second = files(b, run(b, new LocalImageModel(), job, dir.resolve("b")).batchId(), dir.resolve("b"));
    }
    Map<String, byte[]> finalsA = only(first, "finals/"), finalsB = only(second, "finals/");
    assertThat(finalsA).hasSize(5);
    assertThat(finalsB.keySet()).isEqualTo(finalsA.keySet());
    finalsA.forEach((name, bytes) -> assertThat(finalsB.get(name)).as(name).isEqualTo(bytes));
    only(first, "drafts/").forEach((name, bytes) -> {
      if (second.containsKey(name)) assertThat(second.get(name)).as(name).isEqualTo(bytes);
    });
  }

  @Test
  void stopsDraftingOnceEnoughAreAcceptedOrInFlight(@TempDir Path dir) {
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      Job job = job("autumn forest lake", 6, 200, 4);
      BatchOutcome o = run(ledger, new LocalImageModel(), job, dir.resolve("out"));
      Summary s = Summaries.of(ledger, o.batchId(), PRICES);
      assertThat(s.delivered()).isEqualTo(6);
      // Drafts beyond need are only those already in flight when the last keeper was accepted.
      assertThat(s.spare()).isLessThanOrEqualTo(job.concurrency());
      assertThat(s.drafted()).isLessThan(200);
    }
  }

  @Test
  void saysPlainlyWhenMaxDraftsRunsOutBeforeWant(@TempDir Path dir) throws Exception {
    byte[] black = solidPng(1360, 768, 0x000000);
    // Nine drafts in ten come back black (too dark): acceptance ~10%, far below what 12 drafts can carry to 5 keepers.
    FaultyModel model = new FaultyModel(new LocalImageModel(), (req, n) ->
        req.tier() == Tier.DRAFT && req.instructions().seed() % 10 != 3
            ? new CallOutcome.Image(black, "image/png", 1360, 768, 0) : null);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      Job job = job("misty mountains at dawn", 5, 12, 2);
      BatchOutcome o = run(ledger, model, job, dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.SHORT);
      assertThat(o.delivered()).isLessThan(5);
      assertThat(o.message()).contains("delivered only " + o.delivered() + " of 5");
      Summary s = Summaries.of(ledger, o.batchId(), PRICES);
      assertThat(s.drafted()).isEqualTo(12);
      assertThat(s.screenedByReason()).containsKey("too_dark");
      assertThat(ledger.batch(o.batchId()).orElseThrow().status()).isEqualTo(BatchStatus.SHORT);
    }
  }

  @Test
  void replacesAFinalThatWasBlockedWithAnotherDraft(@TempDir Path dir) {
    FaultyModel model = new FaultyModel(new LocalImageModel(), (req, n) ->
        req.tier() == Tier.FINAL && req.instructions().seed() <= 3 ? new CallOutcome.Blocked("IMAGE_SAFETY", "blocked", false) : null);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, model, job("neon city at night", 4, null, 2), dir.resolve("out"));
      Summary s = Summaries.of(ledger, o.batchId(), PRICES);
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      assertThat(s.delivered()).isEqualTo(4);
      assertThat(s.finalFailed()).isGreaterThan(0);
      assertThat(ledger.candidates(o.batchId())).filteredOn(c -> c.state() == CandidateState.FAILED)
          .allSatisfy(c -> assertThat(c.reasons()).containsExactly("final_blocked"));
    }
  }

  @Test
  void retriesTransientErrorsAndRecordsEveryAttempt(@TempDir Path dir) {
    FaultyModel model = new FaultyModel(new LocalImageModel(), (req, n) ->
        n % 3 == 1 ? new CallOutcome.Retryable(503, "overloaded", Optional.empty()) : null);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, model, job("a quiet lake", 3, null, 1), dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      List<CallRecord> calls = ledger.calls(o.batchId());
      assertThat(calls).filteredOn(c -> c.outcome().equals("retryable")).isNotEmpty().allSatisfy(c -> assertThat(c.costMicros()).isZero());
      assertThat(calls).hasSize(model.calls.get());
    }
  }

  @Test
  void continuesAFailedBatchWithoutPayingTwiceForAnyDraft(@TempDir Path dir) {
    Job job = job("misty mountains at dawn", 6, null, 2);
    FaultyModel dying = keyRevokedAfter(7);
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome first = run(ledger, dying, job, dir.resolve("out"));
      assertThat(first.status()).isEqualTo(BatchStatus.FAILED);
      assertThat(first.message()).contains("API key not valid");
      BatchOutcome second = run(ledger, new LocalImageModel(), job, dir.resolve("out"));
      assertThat(second.batchId()).isEqualTo(first.batchId());
      assertThat(second.status()).isEqualTo(BatchStatus.DONE);
      Map<Long, Long> imagesPerCandidate = ledger.calls(first.batchId()).stream()
          .filter(c -> c.purpose().equals("draft") && c.outcome().equals("image"))
          .collect(Collectors.groupingBy(CallRecord::candidateId, Collectors.counting()));
      assertThat(imagesPerCandidate.values()).allMatch(n -> n == 1);
      assertThat(Summaries.of(ledger, first.batchId(), PRICES).delivered()).isEqualTo(6);
    }
  }

  @Test
  void aResumedBatchFingerprintsAgainTheKeptDraftsOfRowsWrittenBeforeFingerprintsWereStored(@TempDir Path dir) throws Exception {
    Job job = job("misty mountains at dawn", 6, null, 2);
    Path db = dir.resolve("w.db");
    Path out = dir.resolve("out");
    FaultyModel dying = keyRevokedAfter(7);
    Candidate kept;
    String batchId;
    try (Ledger ledger = TestLedgers.open(db)) {
      BatchOutcome first = run(ledger, dying, job, out);
      assertThat(first.status()).isEqualTo(BatchStatus.FAILED);
      batchId = first.batchId();
      kept = ledger.candidates(batchId).stream()
          .filter(c -> c.phash() != null && c.draftFile() != null && c.state() != CandidateState.SCREENED_OUT)
          .findFirst().orElseThrow();
    }
    // The rows as a ledger from before V3 holds them: a hash, no fingerprint.
    assertThat(TestLedgers.execute(db, "UPDATE candidates SET fingerprint = NULL")).isPositive();
    byte[] copy = Files.readAllBytes(out.resolve(batchId).resolve(kept.draftFile()));
    var decoded = ImageIO.read(new ByteArrayInputStream(copy));
    AtomicInteger drafts = new AtomicInteger();
    // The resumed run's first two new drafts come back as that kept draft again.
    FaultyModel repeating = new FaultyModel(new LocalImageModel(), (req, n) -> req.tier() == Tier.DRAFT && drafts.incrementAndGet() <= 2
        ? new CallOutcome.Image(copy, "image/png", decoded.getWidth(), decoded.getHeight(), 0) : null);
    try (Ledger ledger = TestLedgers.open(db)) {
      BatchOutcome second = run(ledger, repeating, job, out);
      assertThat(second.batchId()).isEqualTo(batchId);
      assertThat(second.status()).isEqualTo(BatchStatus.DONE);
      List<Candidate> copies = ledger.candidates(batchId).stream()
          .filter(c -> c.id() != kept.id() && c.draftFile() != null)
          .filter(c -> Arrays.equals(readBytes(out.resolve(batchId).resolve(c.draftFile())), copy))
          .toList();
      assertThat(copies).hasSize(2).allSatisfy(c -> {
        assertThat(c.state()).isEqualTo(CandidateState.SCREENED_OUT);
        assertThat(c.reasons()).contains("near_duplicate");
        assertThat(c.duplicateOf()).isEqualTo(kept.key());
      });
    }
  }

  @Test
  void stopsCleanlyAtTheBudgetCapWithWhatItHas(@TempDir Path dir) {
    Job job = JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput("sunset over the sea", null)), 10, null, null,
        null, null, "1K", null, null, null, 4, null, new java.math.BigDecimal("0.40"), null, null, JobInput.Source.FLAGS));
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, new LocalImageModel(), job, dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.BUDGET);
      assertThat(o.message()).contains("budget cap reached: delivered " + o.delivered() + " of 10");
      assertThat(ledger.spentMicros(o.batchId())).isLessThanOrEqualTo(400_000L);
      assertThat(o.delivered()).isGreaterThan(0);
      // nothing paid was left undelivered for want of money: every accepted draft got its final
      assertThat(ledger.candidates(o.batchId())).noneMatch(c -> c.state() == CandidateState.ACCEPTED);
    }
  }

  @Test
  void reRendersADriftedFinalAndDeliversTheCloseOne(@TempDir Path dir) {
    LocalImageModel real = new LocalImageModel();
    java.util.Set<Long> drifted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // The first final of each candidate comes back as a different picture (another seed's scene): drift.
    FaultyModel model = new FaultyModel(real, (req, n) -> {
      if (req.tier() != Tier.FINAL || !drifted.add(req.instructions().seed())) return null;
      var in = req.instructions();
      return real.generate(dev.winnow.generate.GenerationRequest.fromSeed(new dev.winnow.spec.Instructions(
          "neon city at night", in.seed() + 1000, in.aspect(), in.draftSize(), in.finalSize(), in.draftModel(), in.finalModel())));
    });
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, model, job("misty mountains at dawn", 3, null, 2), dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      Summary s = Summaries.of(ledger, o.batchId(), PRICES);
      assertThat(s.drift().flagged()).isZero();
      assertThat(s.drift().maxBits()).isLessThanOrEqualTo(JobValidator.DEFAULT_DRIFT_THRESHOLD);
      // the drifted renders were paid for: kept on disk and recorded, not delivered
      assertThat(ledger.calls(o.batchId())).filteredOn(c -> c.message() != null && c.message().startsWith("drifted")).hasSize(3);
      assertThat(dir.resolve("out").resolve(o.batchId()).resolve("renders").toFile().list((d, n) -> n.contains("-drift1"))).hasSize(3);
    }
  }

  @Test
  void flagsAFinalThatStillDriftsAfterItsReRenders(@TempDir Path dir) throws Exception {
    LocalImageModel real = new LocalImageModel();
    FaultyModel model = new FaultyModel(real, (req, n) -> req.tier() != Tier.FINAL ? null
        : real.generate(dev.winnow.generate.GenerationRequest.fromSeed(new dev.winnow.spec.Instructions("neon city at night",
            req.instructions().seed() + 1000 + n, req.instructions().aspect(), req.instructions().draftSize(),
            req.instructions().finalSize(), req.instructions().draftModel(), req.instructions().finalModel()))));
    Job job = JobValidator.validate(new JobInput(List.of(new JobInput.PromptInput("misty mountains at dawn", null)), 2, null, null,
        null, null, "1K", null, null, null, 2, null, null, 16, 0, JobInput.Source.FLAGS));
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, model, job, dir.resolve("out"));
      Summary s = Summaries.of(ledger, o.batchId(), PRICES);
      assertThat(s.delivered()).isEqualTo(2);
      assertThat(s.drift().flagged()).isEqualTo(2);
      String manifest = Files.readString(dir.resolve("out").resolve(o.batchId()).resolve("manifest.jsonl"));
      assertThat(manifest.lines()).hasSize(2).allMatch(l -> l.contains("\"drift_flagged\":true"));
    }
  }

  @Test
  void aDirectPromptDeliversItsDraftWithoutPayingForASecondCall(@TempDir Path dir) {
    Job job = job("autumn forest lake", 3, null, 2).withDirect(java.util.Set.of(0));
    try (Ledger ledger = TestLedgers.open(dir.resolve("w.db"))) {
      BatchOutcome o = run(ledger, new LocalImageModel(), job, dir.resolve("out"));
      assertThat(o.status()).isEqualTo(BatchStatus.DONE);
      List<CallRecord> calls = ledger.calls(o.batchId());
      assertThat(calls).isNotEmpty().allMatch(c -> c.purpose().equals("draft") && c.model().equals(JobValidator.DEFAULT_FINAL_MODEL));
      assertThat(ledger.candidates(o.batchId())).filteredOn(c -> c.state() == CandidateState.DELIVERED).hasSize(3)
          .allMatch(c -> c.renderFile().equals(c.draftFile()));
      assertThat(job.batchId()).isNotEqualTo(job("autumn forest lake", 3, null, 2).batchId());
    }
  }

  // ---- helpers

  /** The local backend until its key is revoked: every call after the first {@code calls} fails with a 401. */
  static FaultyModel keyRevokedAfter(int calls) {
    return new FaultyModel(new LocalImageModel(), (req, n) -> n > calls ? new CallOutcome.Fatal(401, "API key not valid") : null);
  }

  static byte[] solidPng(int w, int h, int rgb) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static Map<String, byte[]> files(Ledger ledger, String batch, Path out) {
    try (var walk = Files.walk(out.resolve(batch))) {
      return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".png"))
          .collect(Collectors.toMap(p -> out.resolve(batch).relativize(p).toString(), PipelineTest::readBytes));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, byte[]> only(Map<String, byte[]> files, String prefix) {
    return files.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
