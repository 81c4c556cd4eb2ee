package dev.winnow.generate.gemini;

import dev.winnow.generate.CallOutcome;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the API key out of everything the backend hands back. Servers do echo keys (a suspended key's 403 reads
 * "Consumer 'api_key:AIza…' has been suspended"), so every outcome message passes through here, whatever made it.
 */
final class Redactor {
  static final String MASK = "[redacted]";

  /** The shape of a Google API key, masked even when it is not ours (it may be another of the user's). */
  private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{35}");

  /** Keys this long are masked wherever they occur; shorter ones (a test's "k") only as a whole token. */
  private static final int ANYWHERE_LENGTH = 16;

  private final Pattern key;

  Redactor(String apiKey) {
    String quoted = Pattern.quote(apiKey);
    this.key =
        Pattern.compile(
            apiKey.length() >= ANYWHERE_LENGTH ? quoted : "(?<![A-Za-z0-9_\\-])" + quoted + "(?![A-Za-z0-9_\\-])");
  }

  String scrub(String text) {
    if (text == null || text.isEmpty()) return text;
    String once = key.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    return GOOGLE_KEY.matcher(once).replaceAll(Matcher.quoteReplacement(MASK));
  }

  CallOutcome scrub(CallOutcome outcome) {
    // Java 17 has no pattern switch; the four cases are the sealed interface's four records.
    if (outcome instanceof CallOutcome.Blocked b) {
      return new CallOutcome.Blocked(scrub(b.reason()), scrub(b.message()), b.billed());
    }
    if (outcome instanceof CallOutcome.Retryable r) {
      return new CallOutcome.Retryable(r.httpStatus(), scrub(r.message()), r.retryAfter());
    }
    if (outcome instanceof CallOutcome.Fatal f) return new CallOutcome.Fatal(f.httpStatus(), scrub(f.message()));
    return outcome;
  }
}
