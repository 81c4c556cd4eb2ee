package dev.winnow.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether two tiers still pay for a prompt, judged on its acceptance measured in past batches: they pay while
 * acceptance < 1 - draft price / final price. A prompt is only switched to direct rendering when the whole 95%
 * interval is past break-even, so a lucky small sample does not move it.
 */
public record TierAdvice(int promptIndex, String prompt, Acceptance measured, double breakEven) {

  public boolean pastBreakEven() {
    return measured.rate() > breakEven;
  }

  /** Confident enough to render directly: the interval's low end is past break-even. */
  public boolean renderDirectly() {
    return measured.interval95()[0] > breakEven;
  }

  public String describe() {
    double[] ci = measured.interval95();
    return String.format("prompt \"%s\": measured acceptance %.0f%% (%d drafts, 95%% %.0f%%..%.0f%%) is above the %.0f%% break-even; two tiers cost more for it%s",
        prompt, 100 * measured.rate(), measured.decided(), 100 * ci[0], 100 * ci[1], 100 * breakEven,
        renderDirectly() ? "" : " (not yet certain)");
  }

  /** Advice for every prompt with history whose measured acceptance is past break-even. */
  public static List<TierAdvice> of(List<String> prompts, Map<String, Acceptance> history, Optional<BigDecimal> draftPrice, Optional<BigDecimal> finalPrice) {
    List<TierAdvice> out = new ArrayList<>();
    if (draftPrice.isEmpty() || finalPrice.isEmpty() || finalPrice.get().signum() == 0) return out;
    double breakEven = 1 - draftPrice.get().divide(finalPrice.get(), 10, RoundingMode.HALF_UP).doubleValue();
    for (int i = 0; i < prompts.size(); i++) {
      Acceptance a = history.get(prompts.get(i));
      if (a == null || a.decided() == 0) continue;
      TierAdvice advice = new TierAdvice(i, prompts.get(i), a, breakEven);
      if (advice.pastBreakEven()) out.add(advice);
    }
    return out;
  }
}
