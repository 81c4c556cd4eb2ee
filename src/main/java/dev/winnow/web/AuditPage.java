package dev.winnow.web;

import static dev.winnow.web.Html.esc;

import dev.winnow.ledger.Candidate;
import dev.winnow.review.JudgeAudit;
import java.util.List;

/**
 * The judge audit ({@code winnow review BATCH --audit}): drafts a judge decided alone, blind (its verdict is not on
 * the page), each with keep and discard. The answer comes back with the judge's verdict, which the card then shows.
 */
final class AuditPage {
  /** Drafts on one page: enough for a sitting, few enough to stay attentive. */
  static final int PAGE = 24;

  private AuditPage() {}

  static String render(String batchId, String token, List<JudgeAudit.Item> open) {
    StringBuilder h = new StringBuilder(12_000);
    Html.open(h, "winnow · audit the judge · " + batchId, token);
    h.append("<link rel=\"stylesheet\" href=\"/static/gallery.css\"></head><body class=\"best audit\">");
    h.append("<header><div class=\"title\"><strong>winnow</strong> audit the judge <span class=\"batch\">").append(esc(batchId))
        .append("</span></div><div class=\"progress\"><span id=\"p-text\">").append(open.size())
        .append(" judged drafts not yet checked by a person; the judge's verdict shows after you answer</span></div>")
        .append("<label class=\"who\">reviewer <input id=\"reviewer\" maxlength=\"40\" placeholder=\"your name\" autocomplete=\"off\"></label>")
        .append("<a class=\"report\" href=\"/report\" target=\"_blank\" rel=\"noopener\">report</a></header>");
    h.append("<div id=\"status\" class=\"status-line\" role=\"status\"></div><main><div class=\"grid\" id=\"audit\">");
    if (open.isEmpty()) h.append("<p class=\"empty\">Nothing to audit: every draft the judge decided has been checked by a person (winnow stats shows the agreement).</p>");
    for (JudgeAudit.Item item : open.subList(0, Math.min(PAGE, open.size()))) card(h, item.candidate());
    h.append("</div></main><script src=\"/static/audit.js\"></script></body></html>");
    return h.toString();
  }

  private static void card(StringBuilder h, Candidate c) {
    int w = c.width() == null ? 16 : c.width();
    int ht = c.height() == null ? 9 : c.height();
    h.append("<article class=\"card s-review\" id=\"c-").append(c.id()).append("\" data-id=\"").append(c.id()).append("\" data-status=\"review\">")
        .append("<div class=\"pics\"><figure><img decoding=\"async\" src=\"/img/").append(c.id()).append("/draft?w=").append(GalleryPage.CARD_WIDTH)
        .append("\" width=\"").append(w).append("\" height=\"").append(ht).append("\" alt=\"draft ").append(esc(c.key())).append("\"></figure></div>")
        .append("<div class=\"meta\"><p class=\"prompt\" title=\"").append(esc(c.instructions().prompt())).append("\">").append(esc(c.instructions().prompt()))
        .append("</p><div class=\"state\">keep it?</div><p class=\"answer\">")
        .append("<button type=\"button\" class=\"pick\" data-pick=\"accept\">keep</button> ")
        .append("<button type=\"button\" class=\"pick\" data-pick=\"reject\">discard</button></p></div></article>");
  }
}
