package io.sessions4j.webflux;

import io.sessions4j.core.Session;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code WebSession.getAttributes()}: a live, mutable map over the core session's attributes.
 * Reading decodes the stored value, writing encodes it at once (a value the core cannot store is
 * refused with {@link IllegalArgumentException} where it is put), removing removes it; putting
 * {@code null} removes the attribute, as in Spring's own sessions.
 */
final class SessionAttributesMap extends AbstractMap<String, Object> {
  private final Session session;

  SessionAttributesMap(Session session) {
    this.session = session;
  }

  @Override
  public Object get(Object key) {
    return key instanceof String name ? session.get(name) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String name && session.names().contains(name);
  }

  @Override
  public Object put(String key, Object value) {
    Objects.requireNonNull(key, "attribute name");
    Object previous = session.get(key);
    session.put(key, value);
    return previous;
  }

  @Override
  public Object remove(Object key) {
    return key instanceof String name ? session.remove(name) : null;
  }

  @Override
  public int size() {
    return session.names().size();
  }

  @Override
  public boolean isEmpty() {
    return session.names().isEmpty();
  }

  @Override
  public void clear() {
    for (String name : List.copyOf(session.names())) {
      session.remove(name);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        Iterator<String> names = List.copyOf(session.names()).iterator();
        return new Iterator<>() {
          private String current;

          @Override
          public boolean hasNext() {
            return names.hasNext();
          }

          @Override
          public Entry<String, Object> next() {
            current = names.next();
            return new AttributeEntry(current);
          }

          @Override
          public void remove() {
            if (current == null) {
              throw new IllegalStateException("next() first");
            }
            session.remove(current);
            current = null;
          }
        };
      }

      @Override
      public int size() {
        return session.names().size();
      }
    };
  }

  /** One attribute; its value is read when asked for, and {@code setValue} puts. */
  private final class AttributeEntry implements Map.Entry<String, Object> {
    private final String name;

    AttributeEntry(String name) {
      this.name = name;
    }

    @Override
    public String getKey() {
      return name;
    }

    @Override
    public Object getValue() {
      return session.get(name);
    }

    @Override
    public Object setValue(Object value) {
      return put(name, value);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Map.Entry<?, ?> e && name.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return name.hashCode() ^ Objects.hashCode(getValue());
    }
  }
}
