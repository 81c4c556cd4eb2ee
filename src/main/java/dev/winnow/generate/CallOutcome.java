package dev.winnow.generate;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one attempt at a generation call came to. Exhaustive: a switch over it needs no default. */
public sealed interface CallOutcome {

  /** Whether the provider charges for this attempt. */
  boolean billed();

  /** {@code image}, {@code blocked}, {@code retryable} or {@code fatal}, as the ledger records it. */
  String kind();

  /** The HTTP status the provider answered with, 0 when there was none (timeout, local backend error). */
  int httpStatus();

  /** A one-line description for the ledger and logs; never contains the API key. */
  String describe();

  /** An image came back. {@code imageTokens} is what the provider metered (0 when it does not meter). */
  record Image(byte[] bytes, String mimeType, int width, int height, long imageTokens, long thoughtTokens) implements CallOutcome {
    public Image {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(mimeType, "mimeType");
    }

    /** An image made without metered thinking. */
    public Image(byte[] bytes, String mimeType, int width, int height, long imageTokens) {
      this(bytes, mimeType, width, height, imageTokens, 0);
    }

    @Override
    public boolean billed() {
      return true;
    }

    @Override
    public String kind() {
      return "image";
    }

    @Override
    public int httpStatus() {
      return 200;
    }

    @Override
    public String describe() {
      return mimeType + " " + width + "x" + height;
    }
  }

  /** A text answer came back (a vision judge's JSON). */
  record Text(String text) implements CallOutcome {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public boolean billed() {
      return true;
    }

    @Override
    public String kind() {
      return "text";
    }

    @Override
    public int httpStatus() {
      return 200;
    }

    @Override
    public String describe() {
      return "text, " + text.length() + " characters";
    }
  }

  /**
   * The provider answered but refused to produce an image (safety, recitation, prompt blocked, text-only answer).
   * {@code reason} is the provider's code, e.g. {@code IMAGE_SAFETY} or {@code PROMPT_BLOCKED:SAFETY}.
   */
  record Blocked(String reason, String message, boolean billed) implements CallOutcome {
    public Blocked {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String kind() {
      return "blocked";
    }

    @Override
    public int httpStatus() {
      return 200;
    }

    @Override
    public String describe() {
      return reason + (message.isEmpty() ? "" : ": " + message);
    }
  }

  /** A transient failure worth another attempt: rate limit, overload, timeout. {@code retryAfter} when told. */
  record Retryable(int httpStatus, String message, Optional<Duration> retryAfter) implements CallOutcome {
    public Retryable {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public boolean billed() {
      return false;
    }

    @Override
    public String kind() {
      return "retryable";
    }

    @Override
    public String describe() {
      return (httpStatus == 0 ? "" : "HTTP " + httpStatus + ": ") + message;
    }
  }

  /** A failure no retry will fix (bad key, unknown model, invalid argument, credits depleted): stop the batch. */
  record Fatal(int httpStatus, String message) implements CallOutcome {
    public Fatal {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean billed() {
      return false;
    }

    @Override
    public String kind() {
      return "fatal";
    }

    @Override
    public String describe() {
      return (httpStatus == 0 ? "" : "HTTP " + httpStatus + ": ") + message;
    }
  }
}
