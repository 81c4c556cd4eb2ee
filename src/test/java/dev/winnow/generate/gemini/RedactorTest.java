package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.generate.CallOutcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void masksALongKeyWhereverItAppears() {
    Redactor r = new Redactor("winnow-test-key-7f3a9c2e5b1d4086");

    assertThat(r.scrub("Consumer 'api_key:winnow-test-key-7f3a9c2e5b1d4086' and xwinnow-test-key-7f3a9c2e5b1d4086y"))
        .isEqualTo("Consumer 'api_key:[redacted]' and x[redacted]y");
  }

  @Test
  void masksAShortKeyOnlyAsAWholeToken() {
    Redactor r = new Redactor("k");

    assertThat(r.scrub("api_key:k was suspended; keep the key safe")).isEqualTo("api_key:[redacted] was suspended; keep the key safe");
  }

  @Test
  void masksAnythingShapedLikeAGoogleKey() {
    Redactor r = new Redactor("ours-is-different-0123456789");

    assertThat(r.scrub("key=AIzaSyAhTarnL1PaQn_yu_uVf0gia9wUyJx8RSI;")).isEqualTo("key=[redacted];");
  }

  @Test
  void scrubsEveryKindOfOutcomeMessage() {
    Redactor r = new Redactor("secret-secret-secret-1");

    assertThat(r.scrub(new CallOutcome.Fatal(403, "bad secret-secret-secret-1"))).isEqualTo(new CallOutcome.Fatal(403, "bad [redacted]"));
    assertThat(r.scrub(new CallOutcome.Retryable(0, "secret-secret-secret-1", Optional.empty())))
        .isEqualTo(new CallOutcome.Retryable(0, "[redacted]", Optional.empty()));
    assertThat(r.scrub(new CallOutcome.Blocked("X", "said secret-secret-secret-1", false)))
        .isEqualTo(new CallOutcome.Blocked("X", "said [redacted]", false));
  }
}
