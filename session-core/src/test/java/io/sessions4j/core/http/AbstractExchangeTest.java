package io.sessions4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AbstractExchange}: the adapter's "headers are closed" mark beside what the framework says. */
class AbstractExchangeTest {

  /** An exchange whose framework reports its head written when {@code headWritten} is set. */
  static final class Exchange extends AbstractExchange {
    boolean headWritten;

    @Override
    protected boolean responseHeadWritten() {
      return headWritten;
    }

    @Override
    public List<String> requestHeaders(String name) {
      return List.of();
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String remoteAddress() {
      return null;
    }

    @Override
    public List<String> responseHeaders(String name) {
      return List.of();
    }

    @Override
    public void setResponseHeaders(String name, List<String> values) {}

    @Override
    public void addResponseHeader(String name, String value) {}
  }

  final Exchange exchange = new Exchange();

  @Test
  void untilMarkedTheFrameworkDecides() {
    assertThat(exchange.isResponseCommitted()).isFalse();
    exchange.headWritten = true;
    assertThat(exchange.isResponseCommitted()).isTrue();
    assertThat(exchange.headersClosed()).isFalse();
  }

  @Test
  void closedHeadersAreCommittedWhateverTheFrameworkSays() {
    exchange.closeHeaders();

    assertThat(exchange.isResponseCommitted()).isTrue();
    assertThat(exchange.headersClosed()).isTrue();
  }

  @Test
  void headersHeldOpenAreNotCommittedUntilClosed() {
    exchange.headWritten = true;
    exchange.holdHeadersOpen();
    assertThat(exchange.isResponseCommitted()).isFalse();

    exchange.closeHeaders();
    assertThat(exchange.isResponseCommitted()).isTrue();
  }
}
