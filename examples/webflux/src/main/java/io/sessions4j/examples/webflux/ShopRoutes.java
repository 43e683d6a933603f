package io.sessions4j.examples.webflux;

import io.sessions4j.examples.pages.RecentTraces;
import io.sessions4j.examples.pages.SessionPanels;
import io.sessions4j.webflux.Sessions;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebSession;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The shop's pages, on Spring's {@link WebSession} (a sessions4j session underneath): a view
 * counter, a cart, a one-time flash message, and the account page behind Spring Security's login.
 * Nothing here knows about sessions4j: it is ordinary WebFlux code.
 */
final class ShopRoutes {
  private final RecentTraces recentTraces = new RecentTraces();

  /** {@code GET /}: counts views, shows the user, the cart and a flash message once. */
  Mono<ServerResponse> home(ServerRequest request) {
    return Mono.zip(request.session(), csrf(request), request.principal().map(p -> p.getName()).defaultIfEmpty(""))
        .flatMap(parts -> {
          WebSession session = parts.getT1();
          Integer views = session.getAttribute("views");
          int count = views == null ? 1 : views + 1;
          session.getAttributes().put("views", count);
          String flash = (String) session.getAttributes().remove("flash");
          List<String> cart = session.getAttributeOrDefault("cart", List.of());
          String user = parts.getT3();
          String html = "<!doctype html><html lang=en><meta charset=utf-8><title>sessions4j shop</title>"
              + SessionPanels.STYLE + "<h1>sessions4j shop (WebFlux)</h1>"
              + (flash == null ? "" : "<p class=flash>" + HtmlUtils.htmlEscape(flash) + "</p>")
              + "<p>views: " + count + "</p>"
              + (user.isEmpty() ? "<p><a href=/account>log in</a> (ada / secret)</p>"
                  : "<p>logged in as " + HtmlUtils.htmlEscape(user) + " — <a href=/logout>log out</a></p>")
              + "<p>cart: " + HtmlUtils.htmlEscape(String.join(", ", cart)) + "</p>"
              + "<form method=post action=/cart><input name=item value=apple>"
              + "<input type=hidden name=_csrf value=\"" + parts.getT2() + "\"><button>add to cart</button></form>"
              // the session as it stands, and the decision trace of the post that redirected here
              // (?after=KEY) and of this request
              + Sessions.find(request.exchange()).map(s -> SessionPanels.session(s, s.id() == null)).orElse("")
              + SessionPanels.trace(recentTraces.take(request.queryParam("after").orElse(null)), "POST /cart",
                  Sessions.trace(request.exchange()).orElse(null));
          return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(html);
        });
  }

  /** {@code POST /cart}: adds an item and leaves a flash message for the next page. */
  Mono<ServerResponse> addToCart(ServerRequest request) {
    return Mono.zip(request.session(), request.formData()).flatMap(parts -> {
      WebSession session = parts.getT1();
      String item = parts.getT2().getFirst("item");
      if (item != null && !item.isBlank()) {
        List<String> cart = new ArrayList<>(session.getAttributeOrDefault("cart", List.<String>of()));
        cart.add(item.strip());
        session.getAttributes().put("cart", cart);
        session.getAttributes().put("flash", "added " + item.strip());
      }
      // Post/Redirect/Get; the page the redirect draws shows this post's decision trace, complete by then
      String after = recentTraces.keep(Sessions.trace(request.exchange()).orElse(null));
      return ServerResponse.seeOther(java.net.URI.create(after == null ? "/" : "/?after=" + after)).build();
    });
  }

  /** {@code GET /account}: only for a logged-in user (Spring Security sends others to its login page). */
  Mono<ServerResponse> account(ServerRequest request) {
    return request.principal().flatMap(user -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
        .bodyValue("<!doctype html><title>account</title><h1>account of " + HtmlUtils.htmlEscape(user.getName())
            + "</h1><p><a href=/>shop</a></p>"));
  }

  /** The request's CSRF token (Spring Security keeps it in the session), for the form. */
  private static Mono<String> csrf(ServerRequest request) {
    Mono<CsrfToken> token = request.exchange().getAttribute(CsrfToken.class.getName());
    return token == null ? Mono.just("") : token.map(CsrfToken::getToken);
  }
}
