package dev.winnow.cli;

import dev.winnow.WinnowException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code --deadline} such as 30m, 6h or 2d. */
final class Deadline {
  private static final Pattern FORM = Pattern.compile("(\\d{1,6})\\s*(m|min|h|d)");

  private Deadline() {}

  static Optional<Duration> parse(String text) {
    if (text == null) return Optional.empty();
    Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new WinnowException("--deadline must be a time such as 30m, 6h or 2d (got " + text + ")", WinnowException.USAGE);
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofMinutes(n);
    });
  }
}
