package dev.winnow.generate.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.winnow.spec.AspectRatio;
import org.junit.jupiter.api.Test;

class GeminiRequestsTest {

  @Test
  void seedsThatFitTheApisInt32GoAsTheyAre() {
    assertThat(GeminiRequests.apiSeed(42)).isEqualTo(42);
    assertThat(GeminiRequests.apiSeed(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void largerSeedsFoldIntoTheNonNegativeInt32Range() {
    assertThat(GeminiRequests.apiSeed((1L << 31) + 5)).isEqualTo(5);
    assertThat(GeminiRequests.apiSeed(Long.MAX_VALUE)).isBetween(0, Integer.MAX_VALUE);
  }

  @Test
  void aspectRatiosUseTheApisNames() {
    assertThat(GeminiRequests.apiAspect(new AspectRatio(21, 9))).isEqualTo("21:9");
    assertThat(GeminiRequests.apiAspect(new AspectRatio(1920, 1080))).isEqualTo("16:9");
    assertThat(GeminiRequests.apiAspect(new AspectRatio(5, 3))).isEqualTo("5:3");
  }
}
