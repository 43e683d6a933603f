package io.sessions4j.conformance.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and records every SQL statement executed through it (by {@code
 * execute*} on a Statement or PreparedStatement), so tests can prove how many round trips an
 * operation costs. Thread-safe.
 */
public final class CountingDataSource {
  private final DataSource target;
  private final DataSource proxy;
  private final List<String> executed = new ArrayList<>();

  private CountingDataSource(DataSource target) {
    this.target = target;
    this.proxy = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, method, args) -> {
          Object result = invoke(target, method, args);
          return result instanceof Connection c ? connection(c) : result;
        });
  }

  /** Starts counting statements run through {@code dataSource}. */
  public static CountingDataSource wrap(DataSource dataSource) {
    return new CountingDataSource(dataSource);
  }

  /** The counting DataSource to hand to the code under test. */
  public DataSource dataSource() {
    return proxy;
  }

  /** The wrapped DataSource. */
  public DataSource target() {
    return target;
  }

  /** SQL of every statement executed since the last {@link #reset()}, in order. */
  public synchronized List<String> statements() {
    return List.copyOf(executed);
  }

  /** The first word of each executed statement (SELECT, INSERT, UPDATE, DELETE, …), in order. */
  public synchronized List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    for (String sql : executed) {
      String trimmed = sql.stripLeading();
      int space = trimmed.indexOf(' ');
      kinds.add((space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT));
    }
    return kinds;
  }

  /** Forgets what was counted so far. */
  public synchronized void reset() {
    executed.clear();
  }

  private synchronized void record(String sql) {
    executed.add(sql);
  }

  private Connection connection(Connection real) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (p, method, args) -> {
          Object result = invoke(real, method, args);
          if (result instanceof PreparedStatement ps && method.getName().startsWith("prepare")) {
            return statement(ps, PreparedStatement.class, (String) args[0]);
          }
          if (result instanceof Statement st && method.getName().equals("createStatement")) {
            return statement(st, Statement.class, null);
          }
          return result;
        });
  }

  private <S extends Statement> S statement(S real, Class<S> type, String preparedSql) {
    InvocationHandler handler = (p, method, args) -> {
      if (method.getName().startsWith("execute")) {
        boolean hasSqlArgument = args != null && args.length > 0 && args[0] instanceof String;
        record(hasSqlArgument ? (String) args[0] : preparedSql);
      }
      return invoke(real, method, args);
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
