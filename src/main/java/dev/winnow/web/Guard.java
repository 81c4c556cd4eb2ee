package dev.winnow.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * The web app's door, checked before every route. Reads need this run's token (from the link, then from a cookie
 * the link sets); writes need it in a header, which a page on another site cannot add without the browser asking
 * us first, and must come from this origin by both {@code Origin} and {@code Sec-Fetch-Site}. When bound to the
 * loopback address, a request must also name a loopback host, so a DNS-rebinding page cannot reach the app.
 */
final class Guard {
  static final String HEADER = "X-Winnow-Token";
  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final byte[] token;
  private final boolean loopbackOnly;
  private String cookie;

  Guard(String token, boolean loopbackOnly) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.loopbackOnly = loopbackOnly;
  }

  /** The cookie is named after the port: several runs on one machine must not overwrite each other's. */
  void port(int port) {
    this.cookie = "winnow_" + port;
  }

  void check(Context ctx) {
    if (loopbackOnly && !LOOPBACK_NAMES.contains(hostName(ctx.host()))) throw new ForbiddenResponse("unknown host");
    if (ctx.path().startsWith("/static/")) return;
    HandlerType method = ctx.method();
    if (method != HandlerType.GET && method != HandlerType.HEAD) {
      checkWrite(ctx);
      return;
    }
    if (matches(ctx.queryParam("t"))) {
      ctx.header("Set-Cookie", cookie + "=" + new String(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict");
      return;
    }
    if (matches(ctx.cookie(cookie)) || matches(ctx.header(HEADER))) return;
    throw new ForbiddenResponse("open the link winnow printed when it started: it carries this run's token");
  }

  private void checkWrite(Context ctx) {
    if (!matches(ctx.header(HEADER))) throw new ForbiddenResponse("a change needs this run's token in the " + HEADER + " header");
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equalsIgnoreCase("same-origin")) throw new ForbiddenResponse("cross-origin request refused (Sec-Fetch-Site: " + site + ")");
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equalsIgnoreCase("http://" + ctx.host())) throw new ForbiddenResponse("cross-origin request refused (Origin: " + origin + ")");
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new HttpResponseException(415, "send JSON (Content-Type: application/json)");
    }
  }

  private boolean matches(String given) {
    return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }

  static String hostName(String host) {
    if (host == null) return "";
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }
}
