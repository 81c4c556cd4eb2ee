package dev.winnow.pipeline;

import dev.winnow.WinnowException;
import dev.winnow.cost.PriceTable;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.GenerationRequest;
import dev.winnow.generate.ImageModel;
import dev.winnow.generate.ReferenceImage;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.job.JobJson;
import dev.winnow.job.PromotionMode;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.spec.Instructions;
import dev.winnow.store.ImageStore;
import dev.winnow.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Re-renders a delivered image from what the ledger recorded: its instructions, its promotion route and (for the
 * reference route) its draft on disk. The call is recorded like any other, with purpose {@code rebuild}; the image
 * goes to {@code OUT/BATCH/rebuilds/} with provenance, never over the delivered final.
 */
public final class Rebuild {
  /** What a rebuild made: the file and how far it is from the delivered final (perceptual-hash bits). */
  public record Result(String file, String model, int bitsFromFinal, int bitsFromDraft) {}

  private final Ledger ledger;
  private final ImageModel model;
  private final PriceTable prices;
  private final RetryPolicy retry;
  private final Quota quota;
  private final String version;
  private final Stores stores;

  /** With the batch's store opened from the process environment. */
  public Rebuild(Ledger ledger, ImageModel model, PriceTable prices, RetryPolicy retry, Quota quota, String version) {
    this(ledger, model, prices, retry, quota, version, Stores.fromEnvironment());
  }

  public Rebuild(Ledger ledger, ImageModel model, PriceTable prices, RetryPolicy retry, Quota quota, String version, Stores stores) {
    this.ledger = ledger;
    this.model = model;
    this.prices = prices;
    this.retry = retry;
    this.quota = quota;
    this.version = version;
    this.stores = stores;
  }

  /** Finds a delivered candidate by id ({@code 12} or {@code c12}) or by its final's file name. */
  public Candidate find(String id) {
    String digits = id.startsWith("c") ? id.substring(1) : id;
    Optional<Candidate> found =
        digits.matches("\\d{1,18}")
            ? ledger.findCandidate(Long.parseLong(digits))
            : ledger.candidateByFinalName(Path.of(id).getFileName().toString());
    return found
        .orElseThrow(() -> new WinnowException("no delivered image '" + id + "' in " + ledger.describe() + " (give a candidate id such as c12 or a final's file name)", WinnowException.USAGE));
  }

  public Result rebuild(Candidate c, Optional<String> modelOverride) throws InterruptedException {
    if (c.state() != CandidateState.DELIVERED) {
      throw new WinnowException(c.key() + " was not delivered (it is " + c.state().name().toLowerCase() + "); only delivered images can be rebuilt", WinnowException.USAGE);
    }
    Batch batch = ledger.batch(c.batchId()).orElseThrow();
    ImageStore store = ImageStore.of(stores.open(batch.outDir()), batch.id());
    Instructions in = c.instructions();
    if (modelOverride.isPresent()) {
      in = new Instructions(in.prompt(), in.seed(), in.aspect(), in.draftSize(), in.finalSize(), in.draftModel(), modelOverride.get());
    }
    PromotionMode route = JobJson.promotion(batch.jobJson());
    GenerationRequest request =
        route == PromotionMode.REFERENCE && c.draftFile() != null
            ? GenerationRequest.fromReference(in, new ReferenceImage(store.read(c.draftFile()), c.draftMime()))
            : GenerationRequest.fromSeed(in);
    PaidCall.Attempt attempt;
    try (Worker worker = Worker.start(ledger, Clock.systemUTC())) {
      PaidCall calls = new PaidCall(model, ledger, prices, retry, quota, new Pacing(quota, java.util.OptionalInt.of(1), Long.MAX_VALUE),
          Clock.systemUTC(), Sleeper.real(), worker);
      attempt = calls.call(batch.id(), c.id(), "rebuild", request, null);
      ledger.recordCall(attempt.record(), attempt.reservation());
    } catch (PaidCall.BudgetExhausted e) {
      throw new WinnowException("rebuild of " + c.key() + ": the batch's budget cap leaves no room for one more call", WinnowException.USAGE);
    }
    if (!(attempt.outcome() instanceof CallOutcome.Image img)) {
      throw new WinnowException("rebuild of " + c.key() + " failed: " + attempt.outcome().describe());
    }
    Provenance.Delivery d = new Provenance(model.backend(), version).describe(batch.id(), c, img.bytes(), route);
    d.record().put("rebuild_of", c.finalFile());
    d.record().put("final_model", in.finalModel());
    Map<String, String> text = new java.util.LinkedHashMap<>(d.pngText());
    text.put("winnow", d.record().toString());
    String file = store.name(store.writeRebuild(c.key(), in.seed(), img.bytes(), text));
    long finalHash = Drift.hashOf(store.read(c.finalFile()));
    long rebuiltHash = Drift.hashOf(img.bytes());
    int fromDraft = c.phash() == null ? -1 : Long.bitCount(c.phash() ^ rebuiltHash);
    return new Result(file, in.finalModel(), Long.bitCount(finalHash ^ rebuiltHash), fromDraft);
  }
}
