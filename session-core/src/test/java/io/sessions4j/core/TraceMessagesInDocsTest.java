package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.event.IdRejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/why.md (linked from the README's "Why was my cookie (not) sent?") quotes every message the
 * decision trace can give, so a reader who finds one in a log finds its row; this test holds the
 * page to {@link SessionTrace}'s words.
 */
class TraceMessagesInDocsTest {
  static final Path WHY = Path.of("../docs/why.md");

  @Test
  void everyTraceMessageIsQuotedInTheWhyPage() throws IOException {
    String why = Files.readString(WHY);
    for (SessionTrace.Reason reason : SessionTrace.Reason.values()) {
      if (reason == SessionTrace.Reason.CHANGED) {
        // quoted as the trace gives it, with the attributes' names
        assertThat(why).contains("attributes cart, user changed").contains("`CHANGED`");
        continue;
      }
      assertThat(why).as("docs/why.md quotes Reason.%s", reason).contains(reason.sentence()).contains("`" + reason.name() + "`");
    }
    for (IdRejection rejection : IdRejection.values()) {
      assertThat(why).as("docs/why.md quotes IdRejection.%s", rejection).contains(SessionTrace.sentence(rejection));
    }
    for (SessionTrace.Load load : SessionTrace.Load.values()) {
      if (load != SessionTrace.Load.NOT_LOADED && load != SessionTrace.Load.STORE && load != SessionTrace.Load.COOKIE) {
        assertThat(why).as("docs/why.md quotes Load.%s", load).contains(load.sentence());
      }
    }
    for (SessionTrace.StoreOutcome outcome : SessionTrace.StoreOutcome.values()) {
      assertThat(why).as("docs/why.md quotes StoreOutcome.%s", outcome).contains(outcome.sentence());
    }
    for (SessionTrace.CookieOutcome outcome : SessionTrace.CookieOutcome.values()) {
      assertThat(why).as("docs/why.md quotes CookieOutcome.%s", outcome).contains(outcome.sentence());
    }
  }

  @Test
  void theReadmeLinksEachDecisionRowToItsTraceMessage() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String why = Files.readString(WHY);
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("\\(docs/why\\.md#([a-z-]+)\\)").matcher(readme);
    int links = 0;
    while (link.find()) {
      links++;
      assertThat(why).as("docs/why.md has the anchor %s the README links to", link.group(1))
          .contains("<a id=\"" + link.group(1) + "\"></a>");
    }
    assertThat(links).as("links from the README's decision table").isGreaterThanOrEqualTo(13);
  }
}
