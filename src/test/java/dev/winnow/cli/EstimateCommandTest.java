package dev.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EstimateCommandTest {
  private static InProcess run(String... args) {
    return InProcess.run(args);
  }

  @Test
  void reproducesTheArticlesTableToTheUnit() {
    InProcess r = run("estimate", "--want", "100", "--drafts", "300", "--price-ratio", "0.25");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).containsPattern("All standard\\s+300\\s+0\\s+300\\n")
        .containsPattern("Two-tier\\s+100\\s+300\\s+175\\n")
        .contains("100 + 300x0.25 = 175 standard units; saving 41.7%")
        .contains("break-even acceptance 75.0%");
  }

  @Test
  void articleInJsonHasExactUnits() throws Exception {
    JsonNode j = new ObjectMapper().readTree(run("estimate", "--want", "100", "--drafts", "300", "--price-ratio", "0.25", "--json").out());
    assertThat(j.get("all_standard_units").asText()).isEqualTo("300");
    assertThat(j.get("two_tier_units").asText()).isEqualTo("175");
    assertThat(j.get("saving_pct").asDouble()).isEqualTo(41.7);
    assertThat(j.get("break_even_acceptance").asDouble()).isEqualTo(0.75);
  }

  @Test
  void nanoBanana2PutsBreakEvenNearHalfAt1KAndTwoThirdsAt2K() throws Exception {
    ObjectMapper m = new ObjectMapper();
    JsonNode k1 = m.readTree(run("estimate", "--want", "100", "--acceptance", "0.35", "--size", "1K", "--final-model", "nano-banana-2", "--json").out());
    JsonNode k2 = m.readTree(run("estimate", "--want", "100", "--acceptance", "0.35", "--size", "2K", "--final-model", "nano-banana-2", "--json").out());
    assertThat(k1.get("draft_price_usd").decimalValue()).isEqualByComparingTo("0.0336");
    assertThat(k1.get("final_price_usd").decimalValue()).isEqualByComparingTo("0.067");
    assertThat(k1.get("break_even_acceptance").asDouble()).isBetween(0.49, 0.51);
    assertThat(k2.get("break_even_acceptance").asDouble()).isBetween(0.66, 0.68);
    assertThat(k1.get("drafts").asInt()).isEqualTo(286);
  }

  @Test
  void saysPlainlyWhenTwoTiersLoseMoney() {
    InProcess r = run("estimate", "--want", "10", "--acceptance", "0.9", "--size", "1K");
    assertThat(r.out()).contains("(a loss)").contains("Render directly on the final model");
  }

  @Test
  void reviewCostMovesBreakEven() throws Exception {
    JsonNode j = new ObjectMapper().readTree(run("estimate", "--want", "10", "--acceptance", "0.3", "--size", "1K", "--final-model", "nano-banana-2", "--review-cost", "0.0067", "--json").out());
    assertThat(j.get("break_even_acceptance").asDouble()).isBetween(0.39, 0.41);
  }

  @Test
  void listsEveryPlanAt4kWithTheRoutersPickAndStillTheArticlesTable() throws Exception {
    InProcess r = run("estimate", "--want", "100", "--acceptance", "0.35", "--size", "4K");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("drafts on gemini-3.1-flash-lite-image 1K, finals on gemini-nano-banana-2.1 4K")
        .containsPattern("two tiers, drafts on batch, finals on flex +\\$10\\.4748 +\\$0\\.1047 +-68% +<- the router's pick")
        .containsPattern("two tiers, both on batch +\\$10\\.4748")
        .containsPattern("two tiers, drafts on batch, finals on standard +\\$16\\.1448")
        .containsPattern("two tiers, both on standard +\\$20\\.9496")
        .containsPattern("all standard +\\$32\\.4324 +\\$0\\.3243 +\\+0%");
    assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    JsonNode j = new ObjectMapper().readTree(run("estimate", "--want", "100", "--acceptance", "0.35", "--size", "4K", "--deadline", "6h", "--json").out());
    assertThat(j.get("plans")).allSatisfy(p -> assertThat(p.toString()).doesNotContain("batch"));
    assertThat(j.get("plans").get(0).get("chosen").asBoolean()).isTrue();
    assertThat(j.at("/plans/0/final/lane").asText()).isEqualTo("flex");
    // the article's table does not move
    assertThat(run("estimate", "--want", "100", "--drafts", "300", "--price-ratio", "0.25").out()).containsPattern("Two-tier\\s+100\\s+300\\s+175\\n");
    assertThat(run("estimate", "--want", "10", "--acceptance", "0.5", "--deadline", "soon").err()).contains("--deadline must be a time such as 30m, 6h or 2d");
  }

  @Test
  void refusesAmbiguousOrBadInputWithOneLine() {
    InProcess none = run("estimate", "--want", "10");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err().strip()).isEqualTo("winnow: give exactly one of --drafts, --oversample, --acceptance or --prompt (got 0)");
    assertThat(run("estimate", "--want", "10", "--acceptance", "1.5").err()).contains("--acceptance must be above 0 and at most 1 (got 1.5)");
    assertThat(run("estimate", "--want", "10", "--drafts", "5", "--price-ratio", "0.25").err()).contains("--drafts must be at least --want 10 (got 5)");
  }
}
