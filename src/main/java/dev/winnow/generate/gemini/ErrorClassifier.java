package dev.winnow.generate.gemini;

import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import dev.winnow.generate.CallOutcome;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a failed call means for the batch. The SDK raises {@link ApiException} (ClientException for 4xx,
 * ServerException for 5xx) with {@code code()}, {@code status()} and a {@code message()} that is the server's
 * {@code error.message} followed by {@code "\nDetails:"} and each {@code error.details} entry as JSON. That text is
 * the only place a {@code google.rpc.RetryInfo} delay survives; there is no Retry-After header.
 */
final class ErrorClassifier {

  /** {@code "retryDelay":"7s"} as the SDK prints a RetryInfo detail (protobuf Duration: decimal seconds). */
  private static final Pattern RETRY_DELAY =
      Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

  /** The same delay in prose, "Please retry in 58.93s.", for bodies whose details were dropped on the way. */
  private static final Pattern RETRY_IN =
      Pattern.compile("retry in (\\d+(?:\\.\\d+)?)\\s*(ms|s)\\b", Pattern.CASE_INSENSITIVE);

  /**
   * Money, not rate: "Your prepayment credits are depleted…", a disabled or closed billing account. Note that
   * Google's ordinary per-minute 429 also says "check your plan and billing details", so that phrase alone is not it.
   */
  private static final Pattern OUT_OF_CREDIT =
      Pattern.compile(
          "credits are depleted|prepayment credit|prepay balance|billing account[^.\\n]*(disabled|closed|suspended"
              + "|not active)|billing (is |has been )?disabled|billing to be enabled",
          Pattern.CASE_INSENSITIVE);

  /** A QuotaFailure naming a per-day quota: it resets in hours, not within a batch. */
  private static final Pattern DAILY_QUOTA = Pattern.compile("\"quotaId\"\\s*:\\s*\"[A-Za-z]*PerDay");

  /** "limit: 0": the project's tier has no quota at all for this model (e.g. a paid-only model on the free tier). */
  private static final Pattern ZERO_LIMIT = Pattern.compile("limit: 0\\b|\"quotaValue\"\\s*:\\s*\"0\"");

  private static final Pattern INVALID_KEY = Pattern.compile("API_KEY_INVALID|API key not valid|API Key not found");

  private final Duration timeout;

  ErrorClassifier(Duration timeout) {
    this.timeout = timeout;
  }

  CallOutcome classify(ApiException e) {
    int code = e.code();
    String status = e.status() == null ? "" : e.status();
    // An RPC status (RESOURCE_EXHAUSTED) names itself; a bare HTTP reason ("Not Found") needs its number.
    if (!status.matches("[A-Z][A-Z_]+")) status = ("HTTP " + code + " " + status).strip();
    String full = e.message() == null ? "" : e.message();
    String said = status + ": " + headline(full);
    if (code == 429) return tooManyRequests(said, full);
    if (code == 408 || code == 499 || code >= 500) return new CallOutcome.Retryable(code, said, retryDelay(full));
    if (code == 400 && INVALID_KEY.matcher(full).find()) {
      return new CallOutcome.Fatal(code, said + " (check GEMINI_API_KEY / GOOGLE_API_KEY)");
    }
    if (code == 401 || code == 403) return new CallOutcome.Fatal(code, said + " (check the API key and its project)");
    if (code == 404) return new CallOutcome.Fatal(code, said + " (check the model name and --api-base)");
    return new CallOutcome.Fatal(code, said);
  }

  /** No HTTP answer (refused connection, reset, timeout) or an answer that could not be read or parsed. */
  CallOutcome transport(GenAiIOException e) {
    Throwable cause = e.getCause();
    if (isTimeout(cause)) {
      return new CallOutcome.Retryable(0, "no answer within " + seconds(timeout) + " (timeout)", Optional.empty());
    }
    String what = e.getMessage() == null ? "I/O error" : e.getMessage();
    String why = cause == null ? "" : " " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return new CallOutcome.Retryable(0, ResponseReader.oneLine(what + why), Optional.empty());
  }

  /** Anything else the SDK threw: a bug on one side or the other, which no retry will fix. */
  CallOutcome unexpected(RuntimeException e) {
    return new CallOutcome.Fatal(
        0, ResponseReader.oneLine("unexpected error from the Gemini SDK: " + e.getClass().getName() + ": " + e.getMessage()));
  }

  private static CallOutcome tooManyRequests(String said, String full) {
    if (OUT_OF_CREDIT.matcher(full).find()) {
      return new CallOutcome.Fatal(429, said + " (billing: top up or fix the plan; retrying will not help)");
    }
    if (DAILY_QUOTA.matcher(full).find()) {
      return new CallOutcome.Fatal(429, said + " (a per-day quota is exhausted; it resets in hours)");
    }
    if (ZERO_LIMIT.matcher(full).find()) {
      return new CallOutcome.Fatal(429, said + " (this project has no quota for the model on its tier)");
    }
    return new CallOutcome.Retryable(429, said, retryDelay(full));
  }

  /** The server's RetryInfo delay, rounded up to the millisecond. */
  static Optional<Duration> retryDelay(String message) {
    Matcher m = RETRY_DELAY.matcher(message);
    if (m.find()) return Optional.of(millisCeil(m.group(1), "s"));
    Matcher prose = RETRY_IN.matcher(message);
    if (prose.find()) return Optional.of(millisCeil(prose.group(1), prose.group(2).toLowerCase()));
    return Optional.empty();
  }

  /** The server's own sentence: the SDK's message up to its "Details:" section, on one line. */
  static String headline(String message) {
    String head = message.startsWith("Details:") ? "" : message;
    int details = head.indexOf("\nDetails:");
    if (details >= 0) head = head.substring(0, details);
    return head.isBlank() ? "(no message)" : ResponseReader.oneLine(head);
  }

  private static Duration millisCeil(String number, String unit) {
    double value = Double.parseDouble(number);
    double millis = unit.equals("ms") ? value : value * 1000;
    return Duration.ofMillis((long) Math.ceil(millis));
  }

  private static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SocketTimeoutException) return true;
      if (c instanceof InterruptedIOException && "timeout".equals(c.getMessage())) return true;
    }
    return false;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
