package dev.winnow.web;

import static dev.winnow.web.Html.esc;

import dev.winnow.store.Stores;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Usd;
import dev.winnow.ledger.Batch;
import dev.winnow.ledger.BatchStatus;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Funnel;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.LedgerException;
import dev.winnow.pipeline.Summaries;
import dev.winnow.pipeline.Summary;
import dev.winnow.ledger.Review;
import dev.winnow.review.Agreement;
import dev.winnow.review.Decision;
import dev.winnow.review.JudgeAgreement;
import dev.winnow.review.JudgeCalibration;
import dev.winnow.review.JudgePair;
import dev.winnow.review.Pick;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A batch's report as one HTML page: the funnel, spend by stage against the all-standard baseline (inline SVG),
 * acceptance per prompt and a contact sheet of every draft with its fate and the reasons for it. Built from the
 * ledger alone. {@link Images#EMBEDDED} puts small JPEG thumbnails in the page as data URIs, so the file stands on
 * its own (no script, no network); {@link Images#LINKED} points at the web app's thumbnail route instead.
 */
public final class Report {
  /** How the contact sheet carries its pictures. */
  public enum Images {
    EMBEDDED,
    LINKED
  }

  static final int THUMB_WIDTH = 200;

  private final Ledger ledger;
  private final String batchId;
  private final PriceTable prices;
  private final Images images;
  private final Thumbnails thumbnails;
  private final BatchFiles files;

  private Report(Ledger ledger, String batchId, PriceTable prices, Images images, Thumbnails thumbnails, BatchFiles files) {
    this.ledger = ledger;
    this.batchId = batchId;
    this.prices = prices;
    this.images = images;
    this.thumbnails = thumbnails;
    this.files = files;
  }

  /** The report of {@code batchId} as one HTML document, its images read from the store the environment configures. */
  public static String html(Ledger ledger, String batchId, PriceTable prices, Images images) {
    try (Stores stores = Stores.fromEnvironment()) {
      return html(ledger, batchId, prices, images, stores);
    }
  }

  /** As {@link #html(Ledger, String, PriceTable, Images)}, with the batch's images read through {@code stores}. */
  public static String html(Ledger ledger, String batchId, PriceTable prices, Images images, Stores stores) {
    return html(ledger, batchId, prices, images, new Thumbnails(), new BatchFiles(ledger, batchId, stores));
  }

  static String html(Ledger ledger, String batchId, PriceTable prices, Images images, Thumbnails thumbnails, BatchFiles files) {
    return new Report(ledger, batchId, prices, images, thumbnails, files).render();
  }

  private String render() {
    Batch batch = ledger.batch(batchId).orElseThrow(() -> new LedgerException("no batch " + batchId + " in " + ledger.describe()));
    Summary s = Summaries.of(ledger, batchId, prices);
    List<Candidate> candidates = ledger.candidates(batchId);
    Map<Long, Decision> decisions = Decision.fold(ledger.reviews(batchId));
    StringBuilder h = new StringBuilder(64_000 + candidates.size() * 9_000);
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>winnow report · ").append(esc(batchId)).append("</title><style>").append(CSS).append("</style></head><body>");
    header(h, batch, s);
    h.append("<main><section class=\"row\"><div class=\"panel\"><h2>Funnel</h2>");
    funnel(h, s);
    h.append("</div><div class=\"panel\"><h2>Spend by stage</h2>");
    spend(h, s);
    h.append("</div></section>");
    acceptance(h);
    plans(h, batch, s);
    judges(h);
    contactSheet(h, candidates, decisions, batch);
    h.append("</main><footer>Written by winnow from the ledger ").append(esc(ledger.describe())).append(". ");
    if (s.cost().simulated()) h.append("Costs are simulated at list prices of ").append(esc(s.cost().priceTableDate())).append("; the local backend bills nothing.");
    else h.append("Costs are list prices of ").append(esc(s.cost().priceTableDate())).append(" as recorded per call.");
    h.append("</footer></body></html>");
    return h.toString();
  }

  private void header(StringBuilder h, Batch batch, Summary s) {
    Summary.Cost c = s.cost();
    h.append("<header><h1>winnow report <span>").append(esc(batchId)).append("</span></h1><p class=\"sub\">")
        .append(esc(s.status())).append(" · backend ").append(esc(batch.backend())).append(" · started ")
        .append(esc(batch.createdAt().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"))).append("</p>");
    if (s.note() != null) h.append("<p class=\"note\">").append(esc(s.note())).append("</p>");
    h.append("<div class=\"kpis\">");
    kpi(h, s.delivered() + " / " + s.wanted(), "keepers delivered");
    kpi(h, String.valueOf(s.drafted()), "drafts");
    kpi(h, pct(s.acceptance()), "acceptance");
    kpi(h, Usd.format(c.spentMicros()), "spent" + (c.simulated() ? " (simulated)" : ""));
    kpi(h, Usd.format(c.baselineMicros()), "all-standard baseline");
    kpi(h, c.baselineMicros() == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", c.savingPct()), c.savingPct() >= 0 ? "saved" : "more than baseline");
    h.append("</div></header>");
  }

  private static void kpi(StringBuilder h, String value, String label) {
    h.append("<div class=\"kpi\"><b>").append(esc(value)).append("</b><span>").append(esc(label)).append("</span></div>");
  }

  /** Horizontal bars, each stage as long as its count, with what fell away written beside it. */
  private static void funnel(StringBuilder h, Summary s) {
    int passed = s.drafted() - s.screenedOut() - s.draftFailed();
    List<Object[]> rows = List.of(
        new Object[] {"drafted", s.drafted(), "#7a8ba6", s.draftFailed() > 0 ? s.draftFailed() + " failed after retries" : ""},
        new Object[] {"passed the screen", passed, "#5b8fd1", s.screenedOut() + " screened out"},
        new Object[] {"accepted", s.accepted(), "#3aa676", s.rejected() + " rejected" + (s.spare() > 0 ? ", " + s.spare() + " spare" : "")},
        new Object[] {"delivered", s.delivered(), "#1f7a4d", "of " + s.wanted() + " wanted" + (s.finalFailed() > 0 ? ", " + s.finalFailed() + " finals failed" : "")});
    int max = Math.max(1, s.drafted());
    int width = 560, label = 150, barMax = 230, rowH = 44;
    h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(' ').append(rows.size() * rowH + 8)
        .append("\" role=\"img\" aria-label=\"funnel\">");
    for (int i = 0; i < rows.size(); i++) {
      Object[] r = rows.get(i);
      int n = (int) r[1];
      int y = 6 + i * rowH;
      int w = Math.max(2, Math.round((float) barMax * n / max));
      h.append("<text x=\"").append(label - 10).append("\" y=\"").append(y + 20).append("\" text-anchor=\"end\" class=\"lbl\">").append(esc(r[0])).append("</text>")
          .append("<rect x=\"").append(label).append("\" y=\"").append(y + 4).append("\" width=\"").append(w).append("\" height=\"24\" rx=\"3\" fill=\"").append(r[2]).append("\"/>")
          .append("<text x=\"").append(label + w + 8).append("\" y=\"").append(y + 21).append("\" class=\"num\">").append(n).append("</text>")
          .append("<text x=\"").append(label).append("\" y=\"").append(y + 41).append("\" class=\"aside\">").append(esc(r[3])).append("</text>");
    }
    h.append("</svg>");
    if (!s.screenedByReason().isEmpty()) {
      StringBuilder b = new StringBuilder();
      new java.util.TreeMap<>(s.screenedByReason()).forEach((k, v) -> b.append(b.length() > 0 ? ", " : "").append(k.replace('_', ' ')).append(' ').append(v));
      h.append("<p class=\"reasons\">Screened out for: ").append(esc(b)).append(" (a draft can fail several checks).</p>");
    }
  }

  /** Two stacked bars on one scale: what this batch paid by stage, and the all-standard run of the same keepers. */
  private static void spend(StringBuilder h, Summary s) {
    Summary.Cost c = s.cost();
    long max = Math.max(1, Math.max(c.spentMicros(), c.baselineMicros()));
    int label = 150, barMax = 330, width = 560;
    h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(" 200\" role=\"img\" aria-label=\"spend by stage against the all-standard baseline\">");
    h.append("<text x=\"").append(label - 10).append("\" y=\"36\" text-anchor=\"end\" class=\"lbl\">two tiers</text>");
    int x = label;
    Object[][] parts = {{"drafts", c.draftMicros(), "#5b8fd1"}, {"review", c.reviewMicros(), "#c79a3a"}, {"finals", c.finalMicros(), "#3aa676"}};
    for (Object[] p : parts) {
      long v = (long) p[1];
      if (v <= 0) continue;
      int w = Math.max(1, Math.round((float) barMax * v / max));
      h.append("<rect x=\"").append(x).append("\" y=\"18\" width=\"").append(w).append("\" height=\"28\" fill=\"").append(p[2]).append("\"><title>")
          .append(p[0]).append(' ').append(Usd.format(v)).append("</title></rect>");
      x += w;
    }
    h.append("<text x=\"").append(x + 8).append("\" y=\"37\" class=\"num\">").append(Usd.format(c.spentMicros())).append("</text>");
    int bw = Math.max(c.baselineMicros() > 0 ? 2 : 0, Math.round((float) barMax * c.baselineMicros() / max));
    h.append("<text x=\"").append(label - 10).append("\" y=\"86\" text-anchor=\"end\" class=\"lbl\">all standard</text>")
        .append("<rect x=\"").append(label).append("\" y=\"68\" width=\"").append(bw).append("\" height=\"28\" fill=\"#9aa3ad\"/>")
        .append("<text x=\"").append(label + bw + 8).append("\" y=\"87\" class=\"num\">").append(Usd.format(c.baselineMicros())).append("</text>");
    int ly = 128, lx = label;
    for (Object[] p : parts) {
      h.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 10).append("\" width=\"12\" height=\"12\" fill=\"").append(p[2]).append("\"/>")
          .append("<text x=\"").append(lx + 18).append("\" y=\"").append(ly).append("\" class=\"aside\">").append(p[0]).append(' ').append(Usd.format((long) p[1])).append("</text>");
      lx += 120;
    }
    String verdict = c.baselineMicros() == 0
        ? "no keepers yet, so no baseline"
        : c.savingPct() >= 0
            ? String.format(Locale.ROOT, "%.1f%% less than rendering every try on %s", c.savingPct(), "the standard model")
            : String.format(Locale.ROOT, "%.1f%% more than all-standard: acceptance is above break-even", -c.savingPct());
    h.append("<text x=\"").append(label).append("\" y=\"162\" class=\"lbl\">").append(esc(verdict)).append("</text>");
    h.append("<text x=\"").append(label).append("\" y=\"184\" class=\"aside\">baseline: ").append(s.delivered()).append(" keepers at ")
        .append(pct(s.acceptance())).append(" acceptance, every try at ").append(Usd.format(c.finalUnitMicros())).append("</text>");
    h.append("</svg>");
  }

  private void acceptance(StringBuilder h) {
    h.append("<section class=\"panel\"><h2>Acceptance per prompt</h2><table><thead><tr><th>prompt</th><th>drafted</th><th>screened out</th>")
        .append("<th>rejected</th><th>accepted</th><th>delivered</th><th>acceptance</th></tr></thead><tbody>");
    for (var e : ledger.funnelsByPrompt(batchId).entrySet()) {
      Funnel f = e.getValue();
      double rate = f.acceptance();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(f.drafted()).append("</td><td>").append(f.screenedOut()).append("</td><td>")
          .append(f.rejected()).append("</td><td>").append(f.accepted()).append("</td><td>").append(f.delivered()).append("</td><td class=\"rate\">")
          .append("<svg width=\"120\" height=\"12\" aria-hidden=\"true\"><rect width=\"120\" height=\"12\" rx=\"2\" fill=\"#e4e8ee\"/><rect width=\"")
          .append(Math.round(120 * rate)).append("\" height=\"12\" rx=\"2\" fill=\"#3aa676\"/></svg> ")
          .append(f.decided() == 0 ? "–" : pct(rate)).append("</td></tr>");
    }
    h.append("</tbody></table></section>");
  }

  /** What the plans the batch did not take would have cost for its keepers at the acceptance it measured. */
  private void plans(StringBuilder h, Batch batch, Summary s) {
    List<dev.winnow.pipeline.PlanComparison.Row> rows;
    try {
      rows = dev.winnow.pipeline.PlanComparison.rows(s, dev.winnow.job.StoredJob.parse(batchId, batch.jobJson()), prices);
    } catch (RuntimeException e) {
      return; // a job written by an older winnow: the rest of the report stands
    }
    if (rows.isEmpty()) return;
    h.append("<section class=\"panel\"><h2>Plans at the ").append(pct(s.acceptance())).append(" acceptance measured</h2>")
        .append("<table><thead><tr><th>plan</th><th>expected cost</th><th>per keeper</th><th></th></tr></thead><tbody>");
    for (var r : rows) {
      h.append("<tr><td>").append(esc(r.label())).append("</td><td>$").append(r.usd().toPlainString()).append("</td><td>$")
          .append(r.perKeeperUsd().toPlainString()).append("</td><td>").append(r.thisRun() ? "this batch's plan" : "").append("</td></tr>");
    }
    h.append("</tbody></table></section>");
  }

  /**
   * For a batch a vision judge reviewed: how often it agreed with people on the drafts both decided here, overall
   * and per criterion, and what the whole ledger's pairs make of its confidence.
   */
  private void judges(StringBuilder h) {
    List<Review> log = ledger.reviews(batchId);
    if (!JudgePair.anyJudged(log)) return;
    List<JudgeAgreement> judges = JudgeAgreement.of(JudgePair.of(log));
    h.append("<section class=\"panel\"><h2>Judge against people</h2>");
    if (judges.isEmpty()) {
      h.append("<p>No person decided a draft the judge scored in this batch, so there is no agreement to show yet.</p></section>");
      return;
    }
    h.append("<table><thead><tr><th>judge</th><th>on</th><th>pairs</th><th>accuracy</th><th>Cohen's kappa</th></tr></thead><tbody>");
    for (JudgeAgreement j : judges) {
      agreementRow(h, j.judge(), "overall verdict", j.overall());
      j.criteria().forEach((name, a) -> agreementRow(h, "", name + " ≥ " + JudgePair.CRITERION_YES, a));
    }
    h.append("</tbody></table>");
    for (JudgeAgreement j : judges) {
      if (j.tooFew()) {
        h.append("<p class=\"reasons\">").append(esc(j.judge())).append(": ").append(j.overall().count())
            .append(" pairs in this batch, too few to trust these figures (").append(JudgeCalibration.MIN_PAIRS).append(" make a calibration).</p>");
      }
      JudgeCalibration c = JudgeCalibration.from(ledger, j.judge());
      h.append("<p class=\"reasons\">Across the ledger: ").append(esc(c.describeUse(0.9))).append(".</p>");
    }
    h.append("</section>");
  }

  private static void agreementRow(StringBuilder h, String judge, String on, Agreement a) {
    h.append("<tr><td>").append(esc(judge)).append("</td><td>").append(esc(on)).append("</td><td>").append(a.count()).append("</td><td>")
        .append(a.count() == 0 ? "–" : pct(a.accuracy())).append("</td><td>")
        .append(Double.isNaN(a.kappa()) ? "–" : String.format(Locale.ROOT, "%.2f", a.kappa())).append("</td></tr>");
  }

  private void contactSheet(StringBuilder h, List<Candidate> candidates, Map<Long, Decision> decisions, Batch batch) {
    h.append("<section class=\"panel\"><h2>Every draft</h2><div class=\"legend\">");
    for (Fate f : Fate.values()) h.append("<span class=\"badge f-").append(f.css()).append("\">").append(f.label).append("</span>");
    h.append("</div><div class=\"sheet\">");
    for (Candidate c : candidates) {
      Decision d = decisions.get(c.id());
      Fate fate = Fate.of(c, d);
      h.append("<figure class=\"tile f-").append(fate.css()).append("\">");
      Optional<String> src = thumbnail(c);
      if (src.isPresent()) {
        h.append("<img src=\"").append(src.get()).append("\" alt=\"").append(esc(c.key())).append("\" width=\"").append(THUMB_WIDTH).append('"');
        if (c.width() != null) h.append(" height=\"").append(Math.round((float) THUMB_WIDTH * c.height() / c.width())).append('"');
        if (images == Images.LINKED) h.append(" loading=\"lazy\"");
        h.append('>');
      } else {
        h.append("<div class=\"noimg\">no image</div>");
      }
      h.append("<figcaption><span class=\"badge f-").append(fate.css()).append("\">").append(fate.label).append("</span> ")
          .append(esc(c.key())).append(" · seed ").append(c.instructions().seed())
          .append("<br><span class=\"why\">").append(esc(why(c, d, fate, batch.status() == BatchStatus.RUNNING))).append("</span></figcaption></figure>");
    }
    h.append("</div></section>");
  }

  private Optional<String> thumbnail(Candidate c) {
    if (c.draftFile() == null) return Optional.empty();
    if (images == Images.LINKED) return Optional.of("/img/" + c.id() + "/draft?w=" + THUMB_WIDTH);
    return files.find(c, BatchFiles.Kind.DRAFT)
        .flatMap(picture -> thumbnails.jpeg(picture, THUMB_WIDTH, 0.72f))
        .map(bytes -> "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes));
  }

  /** What became of a draft, in the report's colours. */
  enum Fate {
    DELIVERED("delivered"),
    ACCEPTED("accepted"),
    REJECTED("rejected"),
    SCREENED_OUT("screened out"),
    WAITING("waiting / spare"),
    FAILED("failed"),
    NOT_DRAFTED("not drafted");

    final String label;

    Fate(String label) {
      this.label = label;
    }

    String css() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Fate of(Candidate c, Decision d) {
      return switch (c.state()) {
        case DELIVERED -> DELIVERED;
        case ACCEPTED, RENDERED -> ACCEPTED;
        case REJECTED -> REJECTED;
        case SCREENED_OUT -> SCREENED_OUT;
        case DRAFTED, AWAITING_REVIEW, IN_REVIEW, SCORED -> WAITING;
        case FAILED -> FAILED;
        case PLANNED -> NOT_DRAFTED;
      };
    }
  }

  private static String why(Candidate c, Decision d, Fate fate, boolean running) {
    String by = d == null || d.reviewer() == null ? "" : " by " + d.reviewer() + (d.rating() == null ? "" : " " + "★".repeat(d.rating()));
    return switch (fate) {
      case DELIVERED -> "accepted" + by + "; final delivered";
      case ACCEPTED -> "accepted" + by + "; final " + (c.renderFile() == null ? "pending" : "rendered");
      case REJECTED -> c.score() != null && dev.winnow.job.Selection.passedOver(c.reasons())
          ? String.format(Locale.ROOT, "scored %.2f%s; %s", c.score(), d == null || d.reviewer() == null ? "" : " by " + d.reviewer(),
              c.duplicateOf() != null ? "too close to " + c.duplicateOf() + ", which scored higher or was kept" : "not among the best of its wave")
          : "rejected" + by;
      case SCREENED_OUT -> {
        List<String> r = new ArrayList<>();
        for (String code : c.reasons()) r.add(code.replace('_', ' '));
        if (c.duplicateOf() != null) r.add("duplicate of " + c.duplicateOf());
        yield String.join(", ", r);
      }
      case WAITING -> c.state() == CandidateState.SCORED
          ? String.format(Locale.ROOT, "scored %.2f%s; waiting for the rest of its wave to be scored", c.score() == null ? 0 : c.score(), by)
          : d != null && d.pick().isPresent()
          ? (d.pick().get() == Pick.ACCEPT ? "accepted" : "rejected") + by + ", not applied yet"
          : c.state() == CandidateState.DRAFTED ? "drafted, not screened yet"
              : c.state() == CandidateState.IN_REVIEW ? "passed the screen; with a reviewer"
              : running ? "passed the screen; waiting for review" : "spare: passed the screen, not needed";
      case FAILED -> String.join(", ", c.reasons()).replace('_', ' ');
      case NOT_DRAFTED -> "planned, never drafted";
    };
  }

  private static String pct(double rate) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * rate);
  }

  private static final String CSS = """
      :root{--ink:#1d2733;--muted:#5d6b7a;--line:#dde3ea;--bg:#f5f7fa}
      *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
      header,main,footer{max-width:1320px;margin:0 auto;padding:0 24px}
      header{padding-top:22px}h1{font-size:22px;margin:0}h1 span{font-weight:400;color:var(--muted);font-size:16px;margin-left:8px}
      h2{font-size:15px;margin:0 0 10px}.sub{color:var(--muted);margin:2px 0 12px}.note{background:#fff4d6;border:1px solid #f0d48a;padding:6px 10px;border-radius:6px}
      .kpis{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0 16px}.kpi{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px}
      .kpi b{display:block;font-size:20px}.kpi span{color:var(--muted);font-size:12px}
      .row{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-bottom:16px}
      .panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:16px}
      .reasons{color:var(--muted);font-size:12px;margin:4px 0 0}.row .panel{margin:0}.chart{width:100%;height:auto;max-width:640px}.chart .lbl{font-size:13px;fill:var(--ink)}
      .chart .num{font-size:13px;font-weight:600;fill:var(--ink)}.chart .aside{font-size:11.5px;fill:var(--muted)}
      table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line)}
      th{font-weight:600;color:var(--muted);font-size:12px}td.rate{white-space:nowrap}td.rate svg{vertical-align:middle}
      .legend{display:flex;gap:6px;flex-wrap:wrap;margin-bottom:10px}
      .sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
      .tile{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;overflow:hidden;border-top:4px solid #ccc}
      .tile img{display:block;width:100%;height:auto;background:#e9edf2}.noimg{aspect-ratio:16/9;display:grid;place-items:center;color:var(--muted);background:#eef1f5}
      .tile figcaption{padding:6px 8px;font-size:12px}.why{color:var(--muted)}
      .badge{display:inline-block;padding:0 6px;border-radius:9px;font-size:11px;font-weight:600;color:#fff;background:#888}
      .f-delivered{border-top-color:#1f7a4d}.badge.f-delivered{background:#1f7a4d}.f-accepted{border-top-color:#3aa676}.badge.f-accepted{background:#3aa676}
      .f-rejected{border-top-color:#c8553d}.badge.f-rejected{background:#c8553d}.f-screened-out{border-top-color:#8a6d9e}.badge.f-screened-out{background:#8a6d9e}
      .f-waiting{border-top-color:#c79a3a}.badge.f-waiting{background:#c79a3a}.f-failed{border-top-color:#555}.badge.f-failed{background:#555}
      .f-not-drafted{border-top-color:#bbb}.badge.f-not-drafted{background:#aaa}
      .tile.f-screened-out img,.tile.f-rejected img{opacity:.72}
      footer{color:var(--muted);font-size:12px;padding-bottom:28px}
      @media (max-width:900px){.row{grid-template-columns:1fr}}
      """;
}
