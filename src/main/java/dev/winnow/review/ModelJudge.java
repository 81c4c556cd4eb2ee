package dev.winnow.review;

import dev.winnow.cost.TokenRates;
import dev.winnow.cost.Usd;
import dev.winnow.generate.CallOutcome;
import dev.winnow.generate.RateLimiter;
import dev.winnow.generate.RetryPolicy;
import dev.winnow.generate.VisionModel;
import dev.winnow.generate.VisionQuery;
import dev.winnow.generate.VisionReply;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CallRecord;
import dev.winnow.store.Jpeg;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A vision model as the judge. Each judgement is one paid call made like the image calls: the price is reserved
 * against the budget first (the most it can cost: the input estimated high, the answer at its token ceiling), the
 * model's rate limit is waited for, and the reservation is settled on the tokens the provider metered. Every attempt
 * is written to the ledger with purpose {@code review}, so the judge's cost shows as review spend in the savings.
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
  private final RetryPolicy retry;
  private final RateLimiter limiter;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxOutputTokens;
  private volatile ReviewBilling billing;

  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public ModelJudge(VisionModel model, String modelId, TokenRates rates, RetryPolicy retry, RateLimiter limiter, Clock clock, Sleeper sleeper) {
    this.model = Objects.requireNonNull(model, "model");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.rates = Objects.requireNonNull(rates, "rates");
    this.retry = retry;
    this.limiter = limiter;
    this.clock = clock;
    this.sleeper = sleeper;
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
    if (bill == null) throw new IllegalStateException("the judge was not given the batch's budget and ledger");
    String instruction = JudgePrompt.instruction(candidate.instructions().prompt(), rubric);
    VisionQuery query = new VisionQuery(modelId, scaled(draft), "image/jpeg", instruction, JudgePrompt.schema(rubric), maxOutputTokens);
    long reserve = Math.max(maxCostMicros(), rates.micros(IMAGE_TOKENS_CEILING + instruction.length(), maxOutputTokens));
    long spent = 0;
    for (int attempt = 1; ; attempt++) {
      ReviewBilling.Hold hold = bill.reserve(reserve)
          .orElseThrow(() -> new ReviewOverBudget("no room under the budget to judge " + candidate.id()));
      try {
        limiter.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        bill.settle(hold, record(bill, candidate, attempt, new CallOutcome.Retryable(0, "interrupted before the call", Optional.empty()), 0, 0, 0, clock.instant()));
        throw new JudgeFailed("interrupted while waiting to judge " + candidate.id());
      }
      Instant started = clock.instant();
      long t0 = System.nanoTime();
      VisionReply reply = model.ask(query);
      long latencyMs = (System.nanoTime() - t0) / 1_000_000;
      long cost = rates.micros(reply.inputTokens(), reply.outputTokens());
      spent += cost;
      CallOutcome outcome = reply.outcome();
      Optional<Judgement> judgement = Optional.empty();
      if (outcome instanceof CallOutcome.Text t) {
        judgement = JudgePrompt.parse(t.text(), rubric, Usd.usd(spent));
        if (judgement.isEmpty()) outcome = new CallOutcome.Retryable(200, "the answer was not the JSON asked for: " + snippet(t.text()), Optional.empty());
      }
      bill.settle(hold, record(bill, candidate, attempt, outcome, cost, reply.inputTokens() + reply.outputTokens(), latencyMs, started));
      if (judgement.isPresent()) return judgement.get();
      if (outcome instanceof CallOutcome.Blocked b) return refused(rubric, b, spent);
      if (outcome instanceof CallOutcome.Retryable r) {
        Optional<Duration> wait = retry.delayAfter(attempt, r);
        if (wait.isPresent()) {
          if (r.retryAfter().isPresent()) limiter.pause(wait.get());
          try {
            sleeper.sleep(wait.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JudgeFailed("interrupted while waiting to judge " + candidate.id() + " again");
          }
          continue;
        }
      }
      throw new JudgeFailed("the judge " + modelId + " gave no verdict on candidate " + candidate.id() + " after " + attempt + " attempt(s): " + outcome.describe());
    }
  }

  private CallRecord record(ReviewBilling bill, Candidate c, int attempt, CallOutcome outcome, long cost, long tokens, long latencyMs, Instant started) {
    String kind = outcome.kind();
    return new CallRecord(bill.batchId(), c.id(), "review", "review", modelId, "-", attempt, kind,
        outcome.httpStatus() == 0 ? null : outcome.httpStatus(), cost, cost, tokens, latencyMs, started,
        outcome instanceof CallOutcome.Text ? null : outcome.describe());
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
