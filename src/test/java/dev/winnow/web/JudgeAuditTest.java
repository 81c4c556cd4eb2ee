package dev.winnow.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Change;
import dev.winnow.ledger.Ledger;
import dev.winnow.pipeline.ProgressListener;
import dev.winnow.review.Decision;
import dev.winnow.review.JudgeAudit;
import dev.winnow.review.JudgePair;
import dev.winnow.review.Judgement;
import dev.winnow.review.PairedReviews;
import dev.winnow.review.Rubric;
import dev.winnow.review.Verdict;
import dev.winnow.review.VisionJudge;
import dev.winnow.review.VisionReviewer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code winnow review BATCH --audit}: a person checks a judge that decided alone, blind; each answer pairs with the
 * judge's for calibration and changes nothing else.
 */
class JudgeAuditTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keeps even drafts, discards odd ones, always sure of itself. */
  private static final VisionJudge JUDGE = PairedReviews.judge("strict", c -> c.ordinal() % 2 == 0
      ? new Judgement(0.8, 0.95, Map.of("composition", 0.8), "fine", BigDecimal.ZERO)
      : new Judgement(0.2, 0.95, Map.of("composition", 0.3), "muddy", BigDecimal.ZERO));

  @TempDir Path dir;

  @Test
  void aPersonAuditsTheJudgeBlindAndTheAnswersBecomePairsThatChangeNothingElse() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("w.db"))) {
      List<Candidate> judged = judgedBatch(ledger, "judged", 6);
      String token = WebApp.newToken();
      try (WebApp app = WebApp.start(WebApp.Settings.local(token), ledger, "judged", null, new LiveStatus(ProgressListener.SILENT), TestBatch.PRICES)) {
        String base = "http://127.0.0.1:" + app.port();
        String page = get(base + "/audit?t=" + token);
        assertThat(page).contains("6 judged drafts not yet checked");
        for (Candidate c : judged) assertThat(page).contains("id=\"c-" + c.id() + "\"");
        // Blind: neither the judge's name nor its verdict is on the page before the person answers.
        assertThat(page).doesNotContain("strict").doesNotContain("muddy").doesNotContain("accepted").doesNotContain("rejected");

        Candidate kept = judged.get(0), discarded = judged.get(1);
        JsonNode a = post(base, token, "{\"id\":" + kept.id() + ",\"pick\":\"reject\",\"reviewer\":\"ann\"}", 200);
        assertThat(a.get("agreed").asBoolean()).isFalse();
        assertThat(a.get("judgeAccepted").asBoolean()).isTrue();
        assertThat(a.get("judge").asText()).isEqualTo("vision:strict");
        JsonNode b = post(base, token, "{\"id\":" + discarded.id() + ",\"pick\":\"reject\",\"reviewer\":\"ann\"}", 200);
        assertThat(b.get("agreed").asBoolean()).isTrue();

        // The answers are pairs for calibration and agreement...
        List<JudgePair> pairs = JudgePair.all(ledger);
        assertThat(pairs).extracting(JudgePair::candidateId).containsExactlyInAnyOrder(kept.id(), discarded.id());
        assertThat(pairs).filteredOn(p -> p.candidateId() == kept.id()).singleElement().satisfies(p -> assertThat(p.agreed()).isFalse());
        // ...and nothing else: the states and the decision in force are the judge's.
        assertThat(ledger.candidate(kept.id()).state()).isEqualTo(CandidateState.ACCEPTED);
        Decision d = Decision.fold(ledger.reviews("judged")).get(kept.id());
        assertThat(d.reviewer()).isEqualTo("vision:strict");
        // An audited draft is not offered again; a candidate that is not a judged draft of the batch is refused.
        assertThat(JudgeAudit.open(ledger, "judged")).hasSize(4).noneMatch(i -> i.candidate().id() == kept.id());
        assertThat(get(base + "/audit")).contains("4 judged drafts not yet checked");
        post(base, token, "{\"id\":999999,\"pick\":\"accept\"}", 404);
      }
    }
  }

  /** A batch a judge decided alone, written as the pipeline writes it. */
  private static List<Candidate> judgedBatch(Ledger ledger, String batchId, int n) throws Exception {
    ledger.createBatch(batchId, "local", "{}", n, "/tmp");
    List<Candidate> out = new ArrayList<>();
    try (VisionReviewer judge = VisionReviewer.alone(JUDGE, Rubric.standard(), 1, ledger)) {
      for (int i = 0; i < n; i++) {
        Candidate c = PairedReviews.awaiting(ledger, batchId, i);
        Verdict v = judge.review(c, new byte[0]).get(10, TimeUnit.SECONDS);
        ledger.recordVerdict(c.id(), v.accepted() ? "accept" : "reject", v.rating(), v.reviewer());
        ledger.transition(c.id(), CandidateState.AWAITING_REVIEW, v.accepted() ? CandidateState.ACCEPTED : CandidateState.REJECTED, Change.none());
        out.add(c);
      }
    }
    return out;
  }

  private String cookie;

  private String get(String url) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url));
    if (cookie != null) r.header("Cookie", cookie);
    HttpResponse<String> res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    res.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.split(";")[0]);
    return res.body();
  }

  private static JsonNode post(String base, String token, String body, int status) throws Exception {
    HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/audit")).header("Content-Type", "application/json")
        .header("X-Winnow-Token", token).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    return JSON.readTree(res.body());
  }
}
