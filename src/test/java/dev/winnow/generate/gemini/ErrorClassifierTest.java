package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

  @Test
  void readsWholeSecondRetryDelays() {
    assertThat(ErrorClassifier.retryDelay("x\nDetails: {\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"7s\"}"))
        .contains(Duration.ofSeconds(7));
  }

  @Test
  void readsFractionalRetryDelaysRoundingUpToTheMillisecond() {
    assertThat(ErrorClassifier.retryDelay("{\"retryDelay\":\"1.5s\"}")).contains(Duration.ofMillis(1500));
    assertThat(ErrorClassifier.retryDelay("{\"retryDelay\": \"58.934310785s\"}")).contains(Duration.ofMillis(58_935));
    assertThat(ErrorClassifier.retryDelay("{\"retryDelay\":\"0.250s\"}")).contains(Duration.ofMillis(250));
  }

  @Test
  void fallsBackToTheDelayInTheProse() {
    assertThat(ErrorClassifier.retryDelay("You exceeded your current quota. Please retry in 12.5s."))
        .contains(Duration.ofMillis(12_500));
  }

  @Test
  void prefersRetryInfoOverTheProse() {
    assertThat(ErrorClassifier.retryDelay("Please retry in 7.12s.\nDetails: {\"retryDelay\":\"7s\"}"))
        .contains(Duration.ofSeconds(7));
  }

  @Test
  void noDelayWhenTheServerGaveNone() {
    assertThat(ErrorClassifier.retryDelay("The model is overloaded. Please try again later.")).isEmpty();
  }

  @Test
  void theHeadlineIsTheServersSentenceOnOneLine() {
    assertThat(ErrorClassifier.headline("Quota exceeded.\n* metric: x\nDetails: {\"a\":1}"))
        .isEqualTo("Quota exceeded. * metric: x");
    assertThat(ErrorClassifier.headline("Details: {\"a\":1}")).isEqualTo("(no message)");
    assertThat(ErrorClassifier.headline("")).isEqualTo("(no message)");
  }
}
