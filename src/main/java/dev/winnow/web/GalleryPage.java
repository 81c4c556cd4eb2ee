package dev.winnow.web;

import static dev.winnow.web.Html.esc;

import dev.winnow.ledger.Candidate;
import dev.winnow.review.Pick;
import java.util.List;
import java.util.Locale;

/**
 * The review gallery, rendered on the server: a page of large cards (draft, and the final beside it once rendered),
 * with the prompt, seed and screen scores. {@code gallery.js} adds the keyboard, the live header and redraws cards
 * as they change; without it the page still shows where everything stands.
 */
final class GalleryPage {
  static final int PAGE_SIZE = 24;
  /** Width of the card images, in pixels: sharp on a three-column 1400 px layout, about 40 KB each. */
  static final int CARD_WIDTH = 640;

  private GalleryPage() {}

  static int pages(int cards) {
    return Math.max(1, (cards + PAGE_SIZE - 1) / PAGE_SIZE);
  }

  /** Cards still in a person's hands: waiting for a pick, or picked and not yet applied. Always shown, large. */
  static boolean inHand(Card c) {
    return c.status() == Card.Status.REVIEW || c.status() == Card.Status.PENDING;
  }

  /** The queue as shown: at most a page of it, so even an unusually large buffer keeps the page light. */
  static List<Card> queue(List<Card> cards) {
    return cards.stream().filter(GalleryPage::inHand).limit(PAGE_SIZE).toList();
  }

  /** Decided cards, newest first: the last picks (and their finals as they render) stay in view. */
  static List<Card> decided(List<Card> cards) {
    List<Card> out = new java.util.ArrayList<>(cards.stream().filter(c -> !inHand(c)).toList());
    java.util.Collections.reverse(out);
    return out;
  }

  static List<Card> page(List<Card> cards, int page) {
    int from = Math.min(cards.size(), (page - 1) * PAGE_SIZE);
    return cards.subList(from, Math.min(cards.size(), from + PAGE_SIZE));
  }

  static String render(String batchId, String token, int page, List<Card> cards, long undoWindowMs, boolean canReview) {
    return render(batchId, token, page, cards, undoWindowMs, canReview, false);
  }

  /** As above; {@code pickBest}: the batch keeps the best of each wave, and the header links to that view. */
  static String render(String batchId, String token, int page, List<Card> cards, long undoWindowMs, boolean canReview, boolean pickBest) {
    StringBuilder h = new StringBuilder(32_000);
    Html.open(h, "winnow review · " + batchId, token);
    h.append("<meta name=\"winnow-page\" content=\"").append(page).append("\">")
        .append("<meta name=\"winnow-undo-ms\" content=\"").append(undoWindowMs).append("\">")
        .append("<meta name=\"winnow-can-review\" content=\"").append(canReview).append("\">")
        .append("<link rel=\"stylesheet\" href=\"/static/gallery.css\"></head><body>");
    h.append("<header><div class=\"title\"><strong>winnow</strong> review <span class=\"batch\">").append(esc(batchId))
        .append("</span></div>")
        .append("<div class=\"progress\"><progress id=\"p-bar\" max=\"1\" value=\"0\"></progress><span id=\"p-text\">loading…</span></div>")
        .append("<div id=\"p-spend\" class=\"spend\"></div>")
        .append("<label class=\"who\">reviewer <input id=\"reviewer\" maxlength=\"40\" placeholder=\"your name\" autocomplete=\"off\"></label>")
        .append(pickBest ? "<a class=\"report\" href=\"/best\">pick the best</a> " : "")
        .append("<a class=\"report\" href=\"/report\" target=\"_blank\" rel=\"noopener\">report</a></header>");
    h.append("<div class=\"bar2\"><div class=\"keys\">")
        .append(canReview
            ? "<kbd>P</kbd>/<kbd>A</kbd> accept · <kbd>X</kbd> reject · <kbd>←</kbd><kbd>→</kbd><kbd>↑</kbd><kbd>↓</kbd> move · <kbd>Z</kbd> undo (within "
                + seconds(undoWindowMs) + ") · <kbd>1</kbd>–<kbd>5</kbd> rate · <kbd>Shift</kbd>+<kbd>A</kbd> accept all waiting"
            : "read-only: this batch is not being reviewed by a person right now (run <code>winnow review BATCH</code>)")
        .append("</div><div class=\"tools\"><button id=\"accept-page\" type=\"button\"")
        .append(canReview ? "" : " disabled").append(">accept all waiting</button>")
        .append("</div></div>");
    h.append("<div id=\"status\" class=\"status-line\" role=\"status\"></div>");
    h.append("<main id=\"zones\">").append(zones(cards, page)).append("</main>");
    h.append("<script src=\"/static/gallery.js\"></script></body></html>");
    return h.toString();
  }

  static String pager(int page, int pages) {
    StringBuilder h = new StringBuilder();
    if (page > 1) h.append("<a href=\"/?page=").append(page - 1).append("\" rel=\"prev\">‹ newer</a>");
    h.append("<span>page ").append(page).append(" of ").append(pages).append("</span>");
    if (page < pages) h.append("<a href=\"/?page=").append(page + 1).append("\" rel=\"next\">older ›</a>");
    return h.toString();
  }

  /** Both zones: the queue in the person's hands, then one page of decided candidates. */
  static String zones(List<Card> cards, int page) {
    List<Card> queue = queue(cards);
    List<Card> decided = decided(cards);
    StringBuilder h = new StringBuilder(cards.size() * 900);
    h.append("<h2 class=\"zone\">Waiting for you <span id=\"queue-count\">").append(cards.stream().filter(c -> c.status() == Card.Status.REVIEW).count())
        .append("</span></h2><div id=\"queue\" class=\"grid\">");
    if (queue.isEmpty()) h.append("<p class=\"empty\">Nothing waiting: the next drafts are on their way.</p>");
    for (Card c : queue) card(h, c);
    long more = cards.stream().filter(GalleryPage::inHand).count() - queue.size();
    if (more > 0) h.append("<p class=\"more\">").append(more).append(" more waiting: they appear here as you decide these.</p>");
    h.append("</div><div class=\"zone-head\"><h2 class=\"zone\">Decided <span>").append(decided.size()).append("</span></h2>")
        .append("<nav id=\"pager\" class=\"pager\">").append(pager(page, pages(decided.size()))).append("</nav></div><div id=\"decided\" class=\"grid small\">");
    for (Card c : page(decided, page)) card(h, c);
    h.append("</div>");
    return h.toString();
  }

  private static void card(StringBuilder h, Card card) {
    Candidate c = card.candidate();
    long id = c.id();
    String pick = card.status() == Card.Status.PENDING ? card.pick().map(p -> " pick-" + p.code()).orElse("") : "";
    h.append("<article class=\"card s-").append(card.status().css()).append(pick).append("\" id=\"c-").append(id)
        .append("\" data-id=\"").append(id).append("\" data-status=\"").append(card.status().css())
        .append("\" data-rev=\"").append(card.rev()).append('"');
    if (card.handOverAt() != null) h.append(" data-handover=\"").append(card.handOverAt().toEpochMilli()).append('"');
    h.append("><div class=\"pics").append(c.renderFile() != null ? " two" : "").append("\">");
    picture(h, c, "draft");
    if (c.renderFile() != null) picture(h, c, "final");
    h.append("</div><div class=\"meta\"><div class=\"state\">").append(esc(label(card))).append("</div>")
        .append("<p class=\"prompt\" title=\"").append(esc(c.instructions().prompt())).append("\">").append(esc(c.instructions().prompt())).append("</p>")
        .append("<p class=\"facts\">").append(esc(c.key())).append(" · seed ").append(c.instructions().seed());
    if (c.width() != null) h.append(" · ").append(c.width()).append('×').append(c.height());
    h.append("</p>");
    if (c.brightness() != null) {
      h.append("<p class=\"scores\">brightness ").append(fmt(c.brightness())).append(" · contrast ").append(fmt(c.contrast()))
          .append(" · sharpness ").append(fmt(c.sharpness())).append("</p>");
    }
    h.append("<p class=\"stars\" data-rating=\"").append(card.rating() == null ? 0 : card.rating()).append("\">").append(stars(card.rating())).append("</p>");
    h.append("</div></article>");
  }

  private static void picture(StringBuilder h, Candidate c, String kind) {
    int w = c.width() == null ? 16 : c.width();
    int ht = c.height() == null ? 9 : c.height();
    h.append("<figure><img loading=\"lazy\" decoding=\"async\" src=\"/img/").append(c.id()).append('/').append(kind).append("?w=").append(CARD_WIDTH)
        .append("\" width=\"").append(w).append("\" height=\"").append(ht).append("\" alt=\"").append(kind).append(' ').append(esc(c.key()))
        .append("\"><figcaption>").append(kind).append("</figcaption></figure>");
  }

  static String label(Card card) {
    String who = card.reviewer() == null ? "" : " by " + card.reviewer();
    return switch (card.status()) {
      case REVIEW -> "waiting for you";
      case PENDING -> (card.pick().orElse(Pick.REJECT) == Pick.ACCEPT ? "accepted" : "rejected")
          + (card.handOverAt() == null ? " · recorded, applied when the run resumes" : " · Z to undo");
      case ACCEPTED -> "accepted" + who + " · rendering final…";
      case FINAL -> "accepted" + who + " · final rendered";
      case FINAL_FAILED -> "accepted" + who + " · final failed (" + String.join(", ", card.candidate().reasons()) + ")";
      case REJECTED -> card.candidate().score() != null && dev.winnow.job.Selection.passedOver(card.candidate().reasons())
          ? String.format(Locale.ROOT, "passed over: scored %.2f, %s", card.candidate().score(),
              card.candidate().duplicateOf() != null ? "too close to " + card.candidate().duplicateOf() : "not among the best")
          : "rejected" + who;
      case SCORED -> "scored " + (card.candidate().score() == null ? "" : String.format(Locale.ROOT, "%.2f", card.candidate().score())) + who
          + " · waiting for the best of the wave";
    };
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String stars(Integer rating) {
    int r = rating == null ? 0 : rating;
    return "★".repeat(r) + "☆".repeat(5 - r);
  }

  private static String fmt(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.0f", v);
  }
}
