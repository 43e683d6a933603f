package io.sessions4j.core.codec;

import com.fasterxml.jackson.databind.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The explicit allow-list of attribute types beyond JSON values, in two families:
 *
 * <ul>
 *   <li><b>Aliased types</b> ({@link Builder#allowType}): plain data classes, stored as their JSON
 *       bean form under a stable alias; their JSON carries no type information.
 *   <li><b>Jackson-typed values</b> ({@link Builder#jacksonModule}, {@link Builder#allowJacksonType}):
 *       framework object graphs (Spring Security's {@code SecurityContextImpl}, say) whose
 *       polymorphic parts are written with Jackson class ids ({@code "@class"}) — as the framework's
 *       own Jackson modules expect. A class id is honoured only when it names a class on the
 *       allow-list: a class given to {@code allowJacksonType}, a class a registered module gives a
 *       mix-in to, or one of a few JDK containers ({@link #JDK_CONTAINERS}). The name is checked
 *       before the class is loaded; anything else is refused. Never "any class", never Jackson's
 *       unrestricted default typing.
 * </ul>
 *
 * <p>Plain JSON values never go through the typed family: an application that registers nothing
 * here pays nothing for it.
 */
public final class AttributeTypes {
  /** JDK classes that may appear as class ids inside Jackson-typed values (the containers framework modules write). */
  public static final Set<String> JDK_CONTAINERS = Set.of(
      "java.util.ArrayList", "java.util.LinkedList", "java.util.Arrays$ArrayList",
      "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
      "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.Collections$EmptyList", "java.util.Collections$EmptyMap", "java.util.Collections$EmptySet",
      "java.util.Collections$SingletonList", "java.util.Collections$SingletonMap",
      "java.util.Collections$SingletonSet",
      "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableList",
      "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSet",
      "java.util.Collections$UnmodifiableCollection",
      "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$List12",
      "java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Set12",
      "java.util.ImmutableCollections$MapN", "java.util.ImmutableCollections$Map1",
      "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
      "java.util.concurrent.ConcurrentHashMap",
      "java.util.Date", "java.time.Instant", "java.net.URL", "java.util.Locale");

  private static final AttributeTypes NONE = new Builder().build();

  private final Map<String, Class<?>> aliases;
  private final List<Module> jacksonModules;
  private final Set<Class<?>> jacksonTypes;

  private AttributeTypes(Builder b) {
    this.aliases = Map.copyOf(b.aliases);
    this.jacksonModules = List.copyOf(b.jacksonModules);
    this.jacksonTypes = Set.copyOf(b.jacksonTypes);
  }

  /** No types beyond JSON values. */
  public static AttributeTypes none() {
    return NONE;
  }

  /** Only aliased types ({@code alias → class}). */
  public static AttributeTypes aliased(Map<String, Class<?>> aliases) {
    Builder b = builder();
    aliases.forEach(b::allowType);
    return b.build();
  }

  /** A builder with nothing allowed yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding everything this allows (to add to it). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.aliases.putAll(aliases);
    b.jacksonModules.addAll(jacksonModules);
    b.jacksonTypes.addAll(jacksonTypes);
    return b;
  }

  /** Aliased types, alias to class. */
  public Map<String, Class<?>> aliases() {
    return aliases;
  }

  /** Registered Jackson modules, in registration order. */
  public List<Module> jacksonModules() {
    return jacksonModules;
  }

  /** Classes allowed as Jackson-typed values beyond those the modules give mix-ins to. */
  public Set<Class<?>> jacksonTypes() {
    return jacksonTypes;
  }

  /** True when the Jackson-typed family is in use. */
  public boolean hasJacksonTypes() {
    return !jacksonModules.isEmpty() || !jacksonTypes.isEmpty();
  }

  /** Builds an {@link AttributeTypes}. */
  public static final class Builder {
    private final Map<String, Class<?>> aliases = new LinkedHashMap<>();
    private final List<Module> jacksonModules = new ArrayList<>();
    private final Set<Class<?>> jacksonTypes = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Lets attributes hold instances of {@code type}, stored as their JSON bean form under
     * {@code alias} (keep it stable across releases: stored sessions refer to it).
     */
    public Builder allowType(String alias, Class<?> type) {
      Objects.requireNonNull(alias, "allowType alias");
      Objects.requireNonNull(type, "allowType type");
      if (alias.isBlank() || alias.startsWith("@")) {
        throw new IllegalArgumentException("allowType alias '" + alias
            + "' must not be blank or start with '@' (reserved for sessions4j's own type markers)");
      }
      aliases.put(alias, type);
      return this;
    }

    /**
     * Registers a Jackson module (a framework's own, e.g. Spring Security's) for Jackson-typed
     * values: every class it gives a mix-in to may be stored, and named by class id inside them.
     */
    public Builder jacksonModule(Module module) {
      jacksonModules.add(Objects.requireNonNull(module, "jacksonModule"));
      return this;
    }

    /**
     * Allows exactly {@code type} (not its subclasses) as a Jackson-typed value and as a class id
     * inside one — e.g. an application's own {@code UserDetails} class held in a security context.
     */
    public Builder allowJacksonType(Class<?> type) {
      jacksonTypes.add(Objects.requireNonNull(type, "allowJacksonType"));
      return this;
    }

    /** The allow-list. */
    public AttributeTypes build() {
      return new AttributeTypes(this);
    }
  }
}
