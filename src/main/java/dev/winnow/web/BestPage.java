package dev.winnow.web;

import static dev.winnow.web.Html.esc;

import dev.winnow.job.Job;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.CandidateState;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.Ledger.PromptCounts;
import dev.winnow.review.Decision;
import dev.winnow.review.HumanReviewer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pick-the-best view ({@code --select best --review human}): every draft of a prompt's wave that waits for this
 * browser session, side by side, and how many of them to keep. The person clicks the keepers and confirms; the ones
 * not chosen are rejected in the same step, so the wave closes and finals are paid only for the chosen. Ratings (the
 * stars) are kept as in the gallery and rank the chosen if more are chosen than are still needed.
 */
final class BestPage {
  /**
   * One prompt's wave as this session sees it.
   *
   * @param need keepers still to choose: wanted, less those kept or chosen already
   * @param coming drafts of the wave not here yet: being drafted, screened, or offered to another reviewer
   */
  record Group(int promptIndex, String prompt, int wanted, int need, int wave, int coming, List<Candidate> waiting, Map<Long, Integer> ratings) {
    String rev() {
      return Integer.toHexString(List.of(promptIndex, need, coming, waiting.stream().map(Candidate::id).toList(), ratings.toString()).hashCode());
    }
  }

  private BestPage() {}

  static List<Group> groups(Ledger ledger, String batchId, Job job, HumanReviewer reviewer, String session) {
    Map<Integer, PromptCounts> counts = ledger.promptCounts(batchId);
    Map<Long, Decision> decisions = Decision.fold(ledger.reviews(batchId));
    List<HumanReviewer.Waiting> mine = reviewer == null ? List.of() : reviewer.queueFor(session);
    List<Group> out = new ArrayList<>();
    for (int i = 0; i < job.prompts().size(); i++) {
      PromptCounts p = counts.getOrDefault(i, new PromptCounts(i, Map.of(), 0, 0));
      int wanted = job.prompts().get(i).want();
      int kept = p.count(CandidateState.ACCEPTED) + p.count(CandidateState.RENDERED) + p.count(CandidateState.DELIVERED) + p.count(CandidateState.SCORED);
      int promptIndex = i;
      List<Candidate> waiting = mine.stream().filter(w -> w.held().isEmpty() && w.candidate().promptIndex() == promptIndex)
          .map(HumanReviewer.Waiting::candidate).sorted(java.util.Comparator.comparingLong(Candidate::id)).toList();
      int inFlight = p.count(CandidateState.PLANNED) + p.count(CandidateState.DRAFTED) + p.count(CandidateState.AWAITING_REVIEW) + p.count(CandidateState.IN_REVIEW);
      Map<Long, Integer> ratings = new java.util.TreeMap<>();
      for (Candidate c : waiting) {
        Decision d = decisions.get(c.id());
        if (d != null && d.rating() != null) ratings.put(c.id(), d.rating());
      }
      out.add(new Group(i, job.prompts().get(i).prompt(), wanted, Math.max(0, wanted - kept), job.selection().wave(wanted),
          Math.max(0, inFlight - waiting.size()), waiting, ratings));
    }
    return out;
  }

  static String render(String batchId, String token, List<Group> groups, boolean canReview) {
    StringBuilder h = new StringBuilder(16_000);
    Html.open(h, "winnow · pick the best · " + batchId, token);
    h.append("<meta name=\"winnow-can-review\" content=\"").append(canReview).append("\">")
        .append("<link rel=\"stylesheet\" href=\"/static/gallery.css\"></head><body class=\"best\">");
    h.append("<header><div class=\"title\"><strong>winnow</strong> pick the best <span class=\"batch\">").append(esc(batchId))
        .append("</span></div><div class=\"progress\"><span id=\"p-text\">click the drafts to keep, then confirm; stars rank them</span></div>")
        .append("<label class=\"who\">reviewer <input id=\"reviewer\" maxlength=\"40\" placeholder=\"your name\" autocomplete=\"off\"></label>")
        .append("<a class=\"report\" href=\"/\">gallery</a> <a class=\"report\" href=\"/report\" target=\"_blank\" rel=\"noopener\">report</a></header>");
    h.append("<div id=\"status\" class=\"status-line\" role=\"status\"></div>");
    h.append("<main id=\"groups\">").append(groups(groups)).append("</main>");
    h.append("<script src=\"/static/best.js\"></script></body></html>");
    return h.toString();
  }

  /** The groups alone, redrawn by the page's script when their {@code data-rev} changes. */
  static String groups(List<Group> groups) {
    StringBuilder h = new StringBuilder(groups.size() * 4_000);
    for (Group g : groups) {
      h.append("<section class=\"wave\" data-prompt=\"").append(g.promptIndex()).append("\" data-need=\"").append(g.need())
          .append("\" data-rev=\"").append(g.rev()).append("\"><div class=\"zone-head\"><h2 class=\"zone\">")
          .append(esc(g.prompt())).append("</h2><p class=\"wave-facts\">")
          .append(g.need() == 0 ? "all " + g.wanted() + " keepers chosen" : "choose " + g.need() + " of " + g.waiting().size() + " here")
          .append(g.coming() > 0 ? " · " + g.coming() + " more of the wave on their way" : "")
          .append(" · wave of ").append(g.wave()).append(" drafts for ").append(g.wanted()).append(" keepers</p>")
          .append("<button type=\"button\" class=\"keep\" disabled>keep the chosen</button> <span class=\"count\">0 chosen</span></div>")
          .append("<div class=\"grid\">");
      if (g.waiting().isEmpty()) h.append("<p class=\"empty\">").append(g.need() == 0 ? "Done: the finals are rendered from the chosen drafts." : "Nothing here yet: the wave's drafts are on their way.").append("</p>");
      for (Candidate c : g.waiting()) card(h, c, g.ratings().get(c.id()));
      h.append("</div></section>");
    }
    return h.toString();
  }

  private static void card(StringBuilder h, Candidate c, Integer rating) {
    int w = c.width() == null ? 16 : c.width();
    int ht = c.height() == null ? 9 : c.height();
    h.append("<article class=\"card s-review\" tabindex=\"0\" id=\"c-").append(c.id()).append("\" data-id=\"").append(c.id()).append("\">")
        .append("<div class=\"pics\"><figure><img decoding=\"async\" src=\"/img/").append(c.id()).append("/draft?w=").append(GalleryPage.CARD_WIDTH)
        .append("\" width=\"").append(w).append("\" height=\"").append(ht).append("\" alt=\"draft ").append(esc(c.key())).append("\"></figure></div>")
        .append("<div class=\"meta\"><div class=\"state\">not chosen</div><p class=\"facts\">").append(esc(c.key())).append(" · seed ")
        .append(c.instructions().seed());
    if (c.sharpness() != null) h.append(String.format(Locale.ROOT, " · sharpness %.0f", c.sharpness()));
    h.append("</p><p class=\"stars\" data-rating=\"").append(rating == null ? 0 : rating).append("\">");
    for (int i = 1; i <= 5; i++) {
      h.append("<button type=\"button\" class=\"star\" data-star=\"").append(i).append("\" aria-label=\"").append(i).append(" stars\">")
          .append(rating != null && i <= rating ? "★" : "☆").append("</button>");
    }
    h.append("</p></div></article>");
  }
}
