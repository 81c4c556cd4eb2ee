package dev.winnow.review;

import dev.winnow.cost.TokenRates;
import dev.winnow.cost.Usd;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.VisionModel;
import dev.winnow.generate.VisionQuery;
import dev.winnow.generate.VisionReply;
import dev.winnow.ledger.Candidate;
import dev.winnow.store.Jpeg;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;

/**
 * A vision model as the judge. Each judgement is one paid call made through the batch's paid call, like the image
 * calls ({@link ReviewBilling}): the most it can cost is reserved (the input estimated high, the answer at its token
 * ceiling), the model's shared quota is waited for, and the reservation is settled on the tokens the provider
 * metered. Every attempt is in the ledger with purpose {@code review}, so the judge's cost shows as review spend.
 * Rate limits, overloads and answers that are not the JSON asked for are retried by the batch's retry policy; a
 * refusal (the provider's safety filter on the judge's side) is a reject with confidence 0, which mixed review hands
 * to a person. The draft is sent scaled to {@value #LONG_SIDE} px, one image tile.
 */
public final class ModelJudge implements VisionJudge {
  static final int LONG_SIDE = 768;
  /** Image input tokens at the provider's highest per-image resolution, so the reservation is never short. */
  private static final long IMAGE_TOKENS_CEILING = 1120;

  private final VisionModel model;
  private final String modelId;
  private final TokenRates rates;
  private final int maxOutputTokens;
  private volatile ReviewBilling billing;

  public ModelJudge(VisionModel model, String modelId, TokenRates rates) {
    this.model = Objects.requireNonNull(model, "model");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.rates = Objects.requireNonNull(rates, "rates");
    // Gemini 3 models think at least a little, billed as output; 2.5 Flash with thinking off answers in ~150 tokens.
    this.maxOutputTokens = modelId.startsWith("gemini-2.5-flash") ? 512 : 2048;
  }

  @Override
  public String name() {
    return modelId;
  }

  @Override
  public void attach(ReviewBilling billing) {
    this.billing = billing;
  }

  @Override
  public long maxCostMicros() {
    return rates.micros(IMAGE_TOKENS_CEILING + 1500, maxOutputTokens);
  }

  @Override
  public Judgement judge(Candidate candidate, byte[] draft, Rubric rubric) {
    ReviewBilling bill = billing;
    if (bill == null) throw new IllegalStateException("the judge was not given the batch's paid calls");
    String instruction = JudgePrompt.instruction(candidate.instructions().prompt(), rubric);
    VisionQuery query = new VisionQuery(modelId, scaled(draft), "image/jpeg", instruction, JudgePrompt.schema(rubric), maxOutputTokens);
    long reserve = Math.max(maxCostMicros(), rates.micros(IMAGE_TOKENS_CEILING + instruction.length(), maxOutputTokens));
    AtomicLong spent = new AtomicLong();
    AtomicReference<Judgement> judged = new AtomicReference<>();
    ReviewBilling.Attempt last;
    try {
      last = bill.call(candidate.id(), modelId, reserve, () -> {
        VisionReply reply = model.ask(query);
        long cost = rates.micros(reply.inputTokens(), reply.outputTokens());
        long total = spent.addAndGet(cost);
        CallOutcome outcome = reply.outcome();
        if (outcome instanceof CallOutcome.Text t) {
          Optional<Judgement> j = JudgePrompt.parse(t.text(), rubric, Usd.usd(total));
          if (j.isPresent()) judged.set(j.get());
          else outcome = new CallOutcome.Retryable(200, "the answer was not the JSON asked for: " + snippet(t.text()), Optional.empty());
        }
        return new ReviewBilling.Attempt(outcome, cost, reply.inputTokens() + reply.outputTokens());
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JudgeFailed("interrupted while judging candidate " + candidate.id());
    }
    if (judged.get() != null) return judged.get();
    if (last.outcome() instanceof CallOutcome.Blocked b) return refused(rubric, b, spent.get());
    throw new JudgeFailed("the judge " + modelId + " gave no verdict on candidate " + candidate.id() + ": " + last.outcome().describe());
  }

  private static Judgement refused(Rubric rubric, CallOutcome.Blocked b, long spent) {
    Map<String, Double> zero = new LinkedHashMap<>();
    for (Rubric.Criterion c : rubric.criteria()) zero.put(c.name(), 0.0);
    return new Judgement(0, 0, zero, "the judge refused to look at it (" + b.describe() + ")", Usd.usd(spent));
  }

  private static String snippet(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 80 ? flat : flat.substring(0, 79) + "…";
  }

  /** The draft as a JPEG no longer than {@value #LONG_SIDE} px: all a judge needs, and one tile of input tokens. */
  static byte[] scaled(byte[] draft) {
    try {
      BufferedImage src = ImageIO.read(new ByteArrayInputStream(draft));
      return src == null ? draft : Jpeg.encode(Jpeg.fitWithin(src, LONG_SIDE), 0.88f);
    } catch (IOException | RuntimeException e) {
      return draft;
    }
  }
}
