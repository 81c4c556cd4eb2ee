package dev.winnow.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.cost.PriceTable;
import dev.winnow.cost.Usd;
import dev.winnow.job.Job;
import dev.winnow.ledger.Candidate;
import dev.winnow.ledger.Funnel;
import dev.winnow.ledger.Ledger;
import dev.winnow.ledger.LedgerException;
import dev.winnow.pipeline.Snapshot;
import dev.winnow.review.HumanReviewer;
import dev.winnow.review.Pick;
import dev.winnow.store.StoreException;
import dev.winnow.store.Stores;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The web app's front door: the review gallery, its live state, the thumbnails and the live report of one batch,
 * served by Javalin on a local port. Every route goes through {@link Guard}. Handlers are small functions over the
 * ledger and the {@link HumanReviewer}; the app keeps no state of its own, so a reload shows the ledger's truth.
 *
 * <p>Routes: {@code GET /} gallery ({@code ?page=N}), {@code GET /cards?page=N} the cards of a page,
 * {@code GET /api/state?page=N} live progress and spend, {@code GET /img/{id}/{draft|final}?w=N} pictures,
 * {@code GET /report} the report; {@code POST /api/decide}, {@code /api/rate}, {@code /api/undo},
 * {@code /api/accept-all} (JSON bodies).
 */
public final class WebApp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> WIDTHS = Set.of(120, 200, 320, 640, 960);

  /**
   * @param host address to bind; 127.0.0.1 unless the person asks otherwise
   * @param port 0 for any free port
   * @param token the secret every request must carry; {@link #newToken()} makes one per run
   */
  public record Settings(String host, int port, String token) {
    public Settings {
      if (host == null || host.isBlank()) throw new IllegalArgumentException("host must not be blank");
      if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be within 0..65535 (got " + port + ")");
      if (token == null || token.length() < 16) throw new IllegalArgumentException("token must be at least 16 characters");
    }

    public static Settings local(String token) {
      return new Settings("127.0.0.1", 0, token);
    }
  }

  private final Settings settings;
  private final Ledger ledger;
  private final String batchId;
  private final HumanReviewer reviewer;
  private final LiveStatus live;
  private final PriceTable prices;
  private final BatchFiles files;
  private final Thumbnails thumbnails = new Thumbnails();
  private final Stores ownedStores;
  private final Map<String, byte[]> statics;
  private final Javalin app;
  private final Push push;
  private volatile Job job;

  private WebApp(Settings settings, Ledger ledger, String batchId, HumanReviewer reviewer, LiveStatus live, PriceTable prices, Stores stores,
      boolean ownsStores) {
    this.settings = settings;
    this.ledger = ledger;
    this.batchId = batchId;
    this.reviewer = reviewer;
    this.live = live;
    this.prices = prices;
    this.files = new BatchFiles(ledger, batchId, stores);
    this.ownedStores = ownsStores ? stores : null;
    this.statics = Map.of("gallery.js", resource("gallery.js"), "gallery.css", resource("gallery.css"), "best.js", resource("best.js"), "audit.js", resource("audit.js"));
    Guard guard = new Guard(settings.token(), isLoopback(settings.host()));
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
    });
    app.before(ctx -> {
      secureHeaders(ctx);
      guard.check(ctx);
    });
    app.get("/", this::gallery);
    app.get("/cards", this::cards);
    app.get("/best", this::best);
    app.get("/best/groups", this::bestGroups);
    app.get("/audit", this::audit);
    app.get("/api/state", this::state);
    app.get("/img/{id}/{kind}", this::image);
    app.get("/report", this::report);
    this.push = new Push(ledger, batchId);
    app.sse("/api/events", push::add);
    app.get("/static/{name}", this::asset);
    app.post("/api/decide", this::decide);
    app.post("/api/rate", this::rate);
    app.post("/api/undo", this::undo);
    app.post("/api/accept-all", this::acceptAll);
    app.post("/api/choose", this::choose);
    app.post("/api/audit", this::auditPick);
    app.exception(HumanReviewer.NotWaiting.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
    app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    app.exception(StoreException.class, (e, ctx) -> {
      System.err.println("winnow: gallery: " + e.getMessage());
      error(ctx, 502, "the image store could not be read; see the terminal");
    });
    app.exception(LedgerException.class, (e, ctx) -> error(ctx, 500, "the ledger could not be read or written; see the terminal"));
    app.start(settings.host(), settings.port());
    guard.port(app.port());
  }

  /**
   * Starts the app for one batch. {@code reviewer} is null for a read-only gallery (nobody can pick); {@code live}
   * is null when no batch is running in this process.
   */
  public static WebApp start(Settings settings, Ledger ledger, String batchId, HumanReviewer reviewer, LiveStatus live, PriceTable prices) {
    return new WebApp(settings, ledger, batchId, reviewer, live, prices, Stores.fromEnvironment(), true);
  }

  /** As above, with the batch's images read through {@code stores} (which the caller closes). */
  public static WebApp start(Settings settings, Ledger ledger, String batchId, HumanReviewer reviewer, LiveStatus live, PriceTable prices, Stores stores) {
    return new WebApp(settings, ledger, batchId, reviewer, live, prices, stores, false);
  }

  /** A fresh 128-bit secret, URL-safe. */
  public static String newToken() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public int port() {
    return app.port();
  }

  /** The gallery's address with the token, as printed for the person reviewing. */
  public URI url() {
    return url("/");
  }

  /** The address of one of the gallery's pages ({@code /}, {@code /best}) with the token. */
  public URI url(String path) {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    if (host.equals("0.0.0.0") || host.equals("[::]")) host = "127.0.0.1";
    return URI.create("http://" + host + ":" + port() + path + "?t=" + settings.token());
  }

  @Override
  public void close() {
    push.close();
    app.stop();
    if (ownedStores != null) ownedStores.close();
  }

  // ---- pages

  private void gallery(Context ctx) {
    // A first visit has no session yet (its script makes one): it is drawn with what nobody holds.
    String session = ctx.queryParam("session");
    List<Card> cards = Card.all(ledger, batchId, reviewer, session == null ? Optional.empty() : Optional.of(session(session)));
    int page = page(ctx, cards);
    long undoMs = reviewer == null ? 0 : reviewer.undoWindow().toMillis();
    boolean best = ledger.batch(batchId).map(b -> dev.winnow.job.JobJson.selectsBest(b.jobJson())).orElse(false);
    html(ctx, GalleryPage.render(batchId, settings.token(), page, cards, undoMs, reviewer != null, best));
  }

  private void cards(Context ctx) {
    List<Card> cards = Card.all(ledger, batchId, reviewer, Optional.of(session(ctx.queryParam("session"))));
    html(ctx, GalleryPage.zones(cards, page(ctx, cards)));
  }

  /** The pick-the-best view of a {@code --select best} batch; other batches have no waves to choose from. */
  private void best(Context ctx) {
    Job job = bestJob();
    String session = ctx.queryParam("session");
    List<BestPage.Group> groups = BestPage.groups(ledger, batchId, job, reviewer, session(session));
    html(ctx, BestPage.render(batchId, settings.token(), groups, reviewer != null));
  }

  private void bestGroups(Context ctx) {
    html(ctx, BestPage.groups(BestPage.groups(ledger, batchId, bestJob(), reviewer, session(ctx.queryParam("session")))));
  }

  /**
   * The batch's job, parsed from the ledger once: a batch's job never changes (its id is a digest of it), and the
   * pick-the-best page asks for it on every poll.
   */
  private Job bestJob() {
    Job job = this.job;
    if (job == null) {
      job = ledger.batch(batchId).map(b -> dev.winnow.job.StoredJob.parse(batchId, b.jobJson()))
          .orElseThrow(() -> new NotFoundResponse("the batch has not started yet"));
      this.job = job;
    }
    if (!job.selection().best()) throw new NotFoundResponse("this batch keeps the first drafts accepted (--select first): review it in the gallery at /");
    return job;
  }

  private void audit(Context ctx) {
    html(ctx, AuditPage.render(batchId, settings.token(), dev.winnow.review.JudgeAudit.open(ledger, batchId)));
  }

  /** A person's answer on a judged draft: kept for calibration only; the reply says what the judge had said. */
  private void auditPick(Context ctx) {
    JsonNode body = body(ctx);
    long id = body.path("id").asLong(-1);
    Pick pick = Pick.parse(body.path("pick").asText(null)).orElseThrow(() -> new BadRequestResponse("pick must be accept or reject"));
    var item = dev.winnow.review.JudgeAudit.record(ledger, batchId, id, pick, name(body))
        .orElseThrow(() -> new NotFoundResponse("candidate " + id + " is not a judged draft of this batch"));
    json(ctx, JSON.createObjectNode().put("id", id).put("judge", item.judge()).put("judgeAccepted", item.judgeAccepted())
        .put("agreed", item.judgeAccepted() == (pick == Pick.ACCEPT)));
  }

  private void report(Context ctx) {
    if (ledger.batch(batchId).isEmpty()) throw new NotFoundResponse("the batch has not started yet");
    ctx.header("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    ctx.contentType("text/html; charset=utf-8").result(Report.html(ledger, batchId, prices, Report.Images.LINKED, thumbnails, files));
  }

  /**
   * Live progress toward the keepers wanted (the ledger's {@link Funnel}), spend so far, and a fingerprint of the page
   * so it redraws on change.
   */
  private void state(Context ctx) {
    List<Card> cards = Card.all(ledger, batchId, reviewer, Optional.of(session(ctx.queryParam("session"))));
    int page = page(ctx, cards);
    int waiting = 0, pending = 0;
    for (Card c : cards) {
      if (c.status() == Card.Status.REVIEW) waiting++;
      if (c.status() == Card.Status.PENDING) pending++;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("batch", batchId);
    o.put("wanted", ledger.batch(batchId).map(b -> b.want()).orElse(0));
    // The same funnel as the report and the summary: accepted counts finals that failed after acceptance.
    Funnel f = ledger.funnel(batchId);
    o.put("drafted", f.drafted()).put("screenedOut", f.screenedOut()).put("draftFailed", f.draftFailed()).put("rejected", f.rejected())
        .put("accepted", f.accepted()).put("finalFailed", f.finalFailed()).put("delivered", f.delivered());
    o.put("waiting", waiting).put("pending", pending);
    long spent = ledger.spentMicros(batchId);
    o.put("spentMicros", spent).put("spent", Usd.format(spent));
    o.put("simulated", ledger.batch(batchId).map(b -> "local".equals(b.backend())).orElse(false));
    boolean running = live != null && live.running();
    o.put("running", running);
    o.put("reviewing", reviewer != null && running);
    // Pages on a PostgreSQL ledger are told of changes (server-sent events); on SQLite they poll.
    o.put("push", push.active());
    Optional<Snapshot> snap = live == null ? Optional.empty() : live.latest();
    o.put("draftsRunning", snap.map(Snapshot::draftsRunning).orElse(0));
    o.put("finalsRunning", snap.map(Snapshot::finalsRunning).orElse(0));
    o.put("page", page).put("pages", GalleryPage.pages(GalleryPage.decided(cards).size()));
    StringBuilder rev = new StringBuilder();
    for (Card c : GalleryPage.queue(cards)) rev.append(c.candidate().id()).append(':').append(c.rev()).append(',');
    rev.append('|');
    for (Card c : GalleryPage.page(GalleryPage.decided(cards), page)) rev.append(c.candidate().id()).append(':').append(c.rev()).append(',');
    o.put("pageRev", Integer.toHexString(rev.toString().hashCode()));
    o.put("firstWaiting", cards.stream().filter(c -> c.status() == Card.Status.REVIEW).mapToLong(c -> c.candidate().id()).findFirst().orElse(-1));
    json(ctx, o);
  }

  private void image(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NotFoundResponse("no such image");
    }
    BatchFiles.Kind kind = switch (ctx.pathParam("kind")) {
      case "draft" -> BatchFiles.Kind.DRAFT;
      case "final" -> BatchFiles.Kind.FINAL;
      default -> throw new NotFoundResponse("no such image");
    };
    Candidate c;
    try {
      c = ledger.candidate(id);
    } catch (LedgerException e) {
      throw new NotFoundResponse("no such image");
    }
    BatchFiles.Picture picture = files.find(c, kind).orElseThrow(() -> new NotFoundResponse("no such image"));
    String w = ctx.queryParam("w");
    // Files never change once written: let the browser keep them.
    ctx.header("Cache-Control", "private, max-age=86400, immutable");
    if (w == null) {
      byte[] bytes = picture.bytes().orElseThrow(() -> new NotFoundResponse("no such image"));
      ctx.contentType(picture.mime()).result(bytes);
      return;
    }
    int width = parseInt(w, "w");
    if (!WIDTHS.contains(width)) throw new BadRequestResponse("w must be one of " + WIDTHS.stream().sorted().toList());
    byte[] jpeg = thumbnails.jpeg(picture, width, 0.82f).orElseThrow(() -> new NotFoundResponse("image does not decode"));
    ctx.contentType("image/jpeg").result(jpeg);
  }

  private void asset(Context ctx) {
    String name = ctx.pathParam("name");
    byte[] body = statics.get(name);
    if (body == null) throw new NotFoundResponse("no such file");
    ctx.contentType(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8").result(body);
  }

  // ---- decisions

  private void decide(Context ctx) {
    HumanReviewer r = reviewer(ctx);
    JsonNode body = body(ctx);
    long id = body.path("id").asLong(-1);
    Pick pick = Pick.parse(body.path("pick").asText(null)).orElseThrow(() -> new BadRequestResponse("pick must be accept or reject"));
    Integer rating = body.hasNonNull("rating") ? body.get("rating").asInt() : null;
    r.decide(id, pick, rating, name(body), session(body.path("session").asText(null)));
    json(ctx, JSON.createObjectNode().put("id", id).put("pick", pick.code()).put("undoMs", r.undoWindow().toMillis()));
  }

  private void rate(Context ctx) {
    HumanReviewer r = reviewer(ctx);
    JsonNode body = body(ctx);
    long id = body.path("id").asLong(-1);
    int rating = body.path("rating").asInt(0);
    try {
      r.rate(id, rating, name(body));
    } catch (LedgerException e) {
      throw new NotFoundResponse("no candidate " + id);
    }
    json(ctx, JSON.createObjectNode().put("id", id).put("rating", rating));
  }

  private void undo(Context ctx) {
    HumanReviewer r = reviewer(ctx);
    JsonNode body = body(ctx);
    OptionalLong id = r.undo(name(body), session(body.path("session").asText(null)));
    if (id.isEmpty()) {
      error(ctx, 409, "nothing to undo: picks go to the pipeline " + r.undoWindow().toMillis() / 1000.0 + " s after they are made");
      return;
    }
    json(ctx, JSON.createObjectNode().put("id", id.getAsLong()));
  }

  private void acceptAll(Context ctx) {
    HumanReviewer r = reviewer(ctx);
    JsonNode body = body(ctx);
    if (!body.path("ids").isArray()) throw new BadRequestResponse("ids must be a list of candidate ids");
    String session = session(body.path("session").asText(null));
    String who = name(body);
    // This tab's undecided candidates, read once: the ids the page sent may be stale.
    Set<Long> undecided = new java.util.HashSet<>();
    for (HumanReviewer.Waiting w : r.queueFor(session)) if (w.held().isEmpty()) undecided.add(w.candidate().id());
    int accepted = 0;
    for (JsonNode n : body.get("ids")) {
      long id = n.asLong(-1);
      if (!undecided.remove(id)) continue;
      r.decide(id, Pick.ACCEPT, null, who, session);
      accepted++;
    }
    json(ctx, JSON.createObjectNode().put("accepted", accepted));
  }

  /**
   * The pick-the-best view's confirm: the {@code chosen} drafts of one prompt are accepted and the rest of what the
   * page {@code shown} rejected, in one request, so the wave closes. Refused whole (409) when more are chosen than
   * the prompt still needs, or a draft is not this tab's to decide.
   */
  private void choose(Context ctx) {
    HumanReviewer r = reviewer(ctx);
    Job job = bestJob();
    JsonNode body = body(ctx);
    if (!body.path("chosen").isArray() || !body.path("shown").isArray()) throw new BadRequestResponse("chosen and shown must be lists of candidate ids");
    String session = session(body.path("session").asText(null));
    String who = name(body);
    int prompt = body.path("prompt").asInt(-1);
    BestPage.Group group = BestPage.groups(ledger, batchId, job, r, session).stream().filter(g -> g.promptIndex() == prompt).findFirst()
        .orElseThrow(() -> new BadRequestResponse("no prompt " + prompt + " in this batch"));
    Set<Long> mine = new java.util.HashSet<>(group.waiting().stream().map(Candidate::id).toList());
    Set<Long> chosen = new java.util.LinkedHashSet<>();
    for (JsonNode n : body.get("chosen")) chosen.add(n.asLong(-1));
    Set<Long> shown = new java.util.LinkedHashSet<>();
    for (JsonNode n : body.get("shown")) shown.add(n.asLong(-1));
    if (!shown.containsAll(chosen)) throw new BadRequestResponse("every chosen draft must be among those shown");
    if (chosen.size() > group.need()) {
      error(ctx, 409, "chose " + chosen.size() + " but the prompt needs only " + group.need() + " more keepers");
      return;
    }
    if (!mine.containsAll(shown)) {
      error(ctx, 409, "some drafts shown are no longer this tab's to decide (decided, or offered to another reviewer): the page has been refreshed");
      return;
    }
    for (long id : chosen) r.decide(id, Pick.ACCEPT, null, who, session);
    int rejected = 0;
    for (long id : shown) {
      if (chosen.contains(id)) continue;
      r.decide(id, Pick.REJECT, null, who, session);
      rejected++;
    }
    json(ctx, JSON.createObjectNode().put("accepted", chosen.size()).put("rejected", rejected));
  }

  private HumanReviewer reviewer(Context ctx) {
    if (reviewer == null) throw new HttpResponseException(409, "this gallery is read-only: run 'winnow review " + batchId + "' to review");
    return reviewer;
  }

  // ---- plumbing

  private static JsonNode body(Context ctx) {
    try {
      JsonNode n = JSON.readTree(ctx.body());
      if (n == null || !n.isObject()) throw new BadRequestResponse("send a JSON object");
      return n;
    } catch (IOException e) {
      throw new BadRequestResponse("send a JSON object");
    }
  }

  /** The reviewer's name as typed in the page: kept short and printable, since it goes into the ledger. */
  private static String name(JsonNode body) {
    String n = body.path("reviewer").asText("").strip();
    if (n.length() > 40 || !n.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f)) throw new BadRequestResponse("reviewer name must be up to 40 printable characters");
    return n.isEmpty() ? null : n;
  }

  /** A browser session's id as its script made it (random, per tab); the empty session for a client without one. */
  private static String session(String given) {
    if (given == null || given.isBlank()) return "";
    if (given.length() > 64 || !given.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '-')) throw new BadRequestResponse("session must be up to 64 letters, digits or dashes");
    return given;
  }

  /** Which page of decided candidates: the newest unless asked. */
  private static int page(Context ctx, List<Card> cards) {
    String p = ctx.queryParam("page");
    int pages = GalleryPage.pages(GalleryPage.decided(cards).size());
    return p == null ? 1 : Math.max(1, Math.min(pages, parseInt(p, "page")));
  }

  private static int parseInt(String value, String name) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BadRequestResponse(name + " must be a whole number");
    }
  }

  private static void secureHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    // The token is in the first URL: never send it on as a Referer.
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private static void html(Context ctx, String body) {
    ctx.contentType("text/html; charset=utf-8").result(body);
  }

  private static void json(Context ctx, JsonNode body) {
    ctx.contentType("application/json").result(body.toString());
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).contentType("application/json").result(JSON.createObjectNode().put("error", message).toString());
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebApp.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource dev/winnow/web/" + name + " in the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when {@code host} only accepts connections from this machine. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
