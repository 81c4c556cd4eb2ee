package dev.winnow.screen;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks a job may turn off, by name, and the rejections each one stands for. Only checks about taste can be
 * turned off: whether the bytes decode, and whether the image is the size, the shape and the one picture asked for,
 * are never a matter of what the prompt wanted.
 */
public enum Check {
  /** Wide edges: a soft-focus or dreamy picture may be what was asked. */
  BLUR(RejectReason.BLURRY),
  /** Little contrast or two colours: a flat design or a pale gradient may be what was asked. */
  FLAT(RejectReason.FLAT),
  /** Mean luma out of bounds: a night sky or a white-on-white design may be what was asked. */
  BRIGHTNESS(RejectReason.TOO_DARK, RejectReason.TOO_BRIGHT);

  private final List<RejectReason> reasons;

  Check(RejectReason... reasons) {
    this.reasons = List.of(reasons);
  }

  /** The rejections this check makes. */
  public List<RejectReason> reasons() {
    return reasons;
  }

  /** Lower case, as job files and --skip-check spell it: {@code blur}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Check> parse(String name) {
    if (name == null) return Optional.empty();
    String n = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.code().equals(n)).findFirst();
  }

  /** The names accepted, for messages: {@code blur, flat, brightness}. */
  public static String allowed() {
    return Arrays.stream(values()).map(Check::code).collect(Collectors.joining(", "));
  }
}
