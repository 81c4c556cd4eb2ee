package dev.winnow.job;

import dev.winnow.screen.Check;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which of the screen's {@link Check}s one prompt's drafts skip, and why. A check is on unless the job asks for it to
 * be off ({@code --skip-check NAME}, {@code checks: {blur: off}} for the job or for one prompt) or the prompt's words
 * ask for a look the check would refuse: a prompt with any of the words in {@link #SOFT_WORDS} (whole words, any
 * case) skips {@code blur} and {@code flat}, as a flat or gradient design is low in contrast and has no edge to be
 * sharp. {@code checks: {blur: on}} keeps a check the words would turn off. Only choices that differ from "on, as
 * usual" are kept.
 */
public record ScreenChecks(Map<Check, Choice> choices) {
  /**
   * Words that ask for a flat, smooth or minimal look. Whole words only, so "flatten" or "solidarity" do not count;
   * plurals are listed.
   */
  public static final Set<String> SOFT_WORDS =
      Set.of("flat", "minimal", "minimalist", "minimalistic", "gradient", "gradients", "solid", "vector", "silhouette", "silhouettes");

  private static final Set<Check> SOFT_CHECKS = EnumSet.of(Check.BLUR, Check.FLAT);
  private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}]+");

  /** Why a check is on or off. */
  public enum Origin {
    /** The job said so: a flag, or a job file's {@code checks} (for the job or for this prompt). */
    ASKED,
    /** The prompt's words imply it. */
    IMPLIED
  }

  /** One check's state for this prompt: on or off, why, and where ({@code --skip-check}, {@code words: flat}). */
  public record Choice(boolean on, Origin origin, String by) {}

  public ScreenChecks {
    choices = Collections.unmodifiableMap(choices.isEmpty() ? new EnumMap<>(Check.class) : new EnumMap<>(choices));
  }

  /** What the prompt's words imply, with nothing asked. */
  public static ScreenChecks implied(String prompt) {
    List<String> words = softWords(prompt);
    Map<Check, Choice> out = new EnumMap<>(Check.class);
    if (!words.isEmpty()) {
      for (Check c : SOFT_CHECKS) out.put(c, new Choice(false, Origin.IMPLIED, "words: " + String.join(", ", words)));
    }
    return new ScreenChecks(out);
  }

  /** The words of {@link #SOFT_WORDS} in the prompt, in order of first use. */
  static List<String> softWords(String prompt) {
    return NOT_A_LETTER.splitAsStream(prompt.toLowerCase(Locale.ROOT)).filter(SOFT_WORDS::contains).distinct().toList();
  }

  /** This with one check's state asked for, whatever the words implied. */
  ScreenChecks asked(Check check, boolean on, String by) {
    Map<Check, Choice> out = new EnumMap<>(Check.class);
    out.putAll(choices);
    out.put(check, new Choice(on, Origin.ASKED, by));
    return new ScreenChecks(out);
  }

  /** The checks this prompt's drafts skip. */
  public Set<Check> skipped() {
    Set<Check> out = EnumSet.noneOf(Check.class);
    choices.forEach((c, choice) -> {
      if (!choice.on()) out.add(c);
    });
    return out;
  }

  /**
   * One line per reason a check is skipped, for the summary: {@code blur, flat: implied by the prompt's words
   * (minimalist, gradient)}. Empty when every check is on.
   */
  public List<String> describeSkips() {
    Map<String, Set<String>> byWhy = new java.util.LinkedHashMap<>();
    choices.forEach((c, choice) -> {
      if (choice.on()) return;
      String why = choice.origin() == Origin.IMPLIED
          ? "implied by the prompt's " + choice.by().replace("words: ", "words (") + ")"
          : "asked by " + choice.by();
      byWhy.computeIfAbsent(why, k -> new TreeSet<>()).add(c.code());
    });
    return byWhy.entrySet().stream().map(e -> String.join(", ", e.getValue()) + ": " + e.getKey()).collect(Collectors.toList());
  }
}
