package io.sessions4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A session's attributes with change tracking. Attributes decode lazily from their JSON trees, and
 * a mutable value handed to the application is compared with its stored tree at commit, so nested
 * changes count without re-encoding sessions whose mutable values were never read.
 */
final class SessionAttributes {

  /** One attribute: its stored JSON tree (null when set in this request) and its decoded value. */
  private static final class Attribute {
    JsonNode stored;
    String alias;
    Object value;
    boolean decoded;
    boolean exposed;

    static Attribute stored(JsonNode tree, String alias) {
      Attribute a = new Attribute();
      a.stored = tree;
      a.alias = alias;
      return a;
    }
  }

  private final AttributeCodec codec;
  private Map<String, Attribute> attributes = new LinkedHashMap<>();
  /** Names put or removed in this request since the last commit (for merging concurrent writes). */
  private final Set<String> dirty = new LinkedHashSet<>();
  private boolean structurallyChanged;

  SessionAttributes(AttributeCodec codec) {
    this.codec = codec;
  }

  /** Replaces every attribute with a document's (load, reload): nothing has changed since. */
  void adopt(SessionDocument doc) {
    Map<String, Attribute> attrs = new LinkedHashMap<>(Math.max(4, doc.attributes().size() * 2));
    doc.attributes().forEach((name, tree) -> attrs.put(name, Attribute.stored(tree, doc.types().get(name))));
    this.attributes = attrs;
    this.dirty.clear();
    this.structurallyChanged = false;
  }

  /** Drops every attribute (regenerate): a change. */
  void clear() {
    attributes = new LinkedHashMap<>();
    dirty.clear();
    structurallyChanged = true;
  }

  /** Counts as a change although no attribute changed (a cookie-mode id change must re-seal). */
  void markChanged() {
    structurallyChanged = true;
  }

  /** Every attribute counts as changed (change-id: all are written under the new id). */
  void markAllChanged() {
    structurallyChanged = true;
    for (Attribute a : attributes.values()) {
      if (a.stored == null) {
        continue;
      }
      a.exposed = true;
      decoded(a);
    }
  }

  /** True when attributes differ from what was loaded or last committed. */
  boolean changed() {
    return structurallyChanged || hasMutatedValues();
  }

  private boolean hasMutatedValues() {
    for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
      Attribute a = e.getValue();
      if (a.exposed && a.stored != null && !AttributeCodec.isImmutable(a.value)
          && !codec.toTree(a.value).equals(a.stored)) {
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return attributes.isEmpty();
  }

  Object get(String name) {
    Attribute a = attributes.get(name);
    if (a == null) {
      return null;
    }
    Object value = decoded(a);
    if (!AttributeCodec.isImmutable(value)) {
      a.exposed = true;
    }
    return value;
  }

  private Object decoded(Attribute a) {
    if (!a.decoded) {
      a.value = codec.fromTree(a.stored, a.alias);
      a.decoded = true;
    }
    return a.value;
  }

  /**
   * The decoded value of an attribute, or null when absent, without handing it to the application
   * (it does not count as possibly changed in place).
   */
  Object peek(String name) {
    Attribute a = attributes.get(name);
    return a == null ? null : decoded(a);
  }

  /** Sets a non-null value, which must be a JSON value or allowed by the codec's {@code AttributeTypes}. */
  void put(String name, Object value) {
    codec.requireStorable(name, value);
    Attribute a = new Attribute();
    a.value = value;
    a.decoded = true;
    a.exposed = true;
    a.alias = codec.typeOf(value);
    Attribute previous = attributes.put(name, a);
    if (previous == null || previous.stored == null || !AttributeCodec.isImmutable(value)
        || !codec.toTree(value).equals(previous.stored)) {
      markDirty(name);
    } else {
      // same immutable value as stored: keep the stored tree, nothing changed
      a.stored = previous.stored;
    }
  }

  Object remove(String name) {
    Object old = get(name);
    if (attributes.remove(name) != null) {
      markDirty(name);
    }
    return old;
  }

  private void markDirty(String name) {
    dirty.add(name);
    structurallyChanged = true;
  }

  Set<String> names() {
    return Collections.unmodifiableSet(attributes.keySet());
  }

  /** Every attribute decoded, in a copy. */
  Map<String, Object> values() {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (String name : attributes.keySet()) {
      copy.put(name, get(name));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** The JSON tree of every attribute, re-encoding only values that may have changed. */
  Map<String, JsonNode> trees() {
    Map<String, JsonNode> trees = new LinkedHashMap<>(Math.max(4, attributes.size() * 2));
    attributes.forEach((name, a) -> trees.put(name, treeOf(a)));
    return trees;
  }

  /** The alias of every attribute of a registered type. */
  Map<String, String> types() {
    Map<String, String> types = new LinkedHashMap<>();
    attributes.forEach((name, a) -> {
      String alias = aliasOf(a);
      if (alias != null) {
        types.put(name, alias);
      }
    });
    return types;
  }

  /** Names set, removed or changed in place since load or the last commit, in order. */
  Set<String> changedNames() {
    Set<String> changed = new LinkedHashSet<>(dirty);
    attributes.forEach((name, a) -> {
      if (a.exposed && a.stored != null && !AttributeCodec.isImmutable(a.value)
          && !codec.toTree(a.value).equals(a.stored)) {
        changed.add(name);
      }
    });
    return changed;
  }

  /** The tree of one attribute, or null when absent. */
  JsonNode treeOf(String name) {
    Attribute a = attributes.get(name);
    return a == null ? null : treeOf(a);
  }

  String aliasOf(String name) {
    Attribute a = attributes.get(name);
    return a == null ? null : aliasOf(a);
  }

  /** An attribute's type entry: as loaded or set, or — for a value that may have changed in place — as it is now. */
  private String aliasOf(Attribute a) {
    if (a.stored != null && (!a.exposed || AttributeCodec.isImmutable(a.value))) {
      return a.alias;
    }
    return codec.typeOf(a.value);
  }

  private JsonNode treeOf(Attribute a) {
    if (a.stored != null && (!a.exposed || AttributeCodec.isImmutable(a.value))) {
      return a.stored;
    }
    return codec.toTree(a.value);
  }

  /** After a successful write: what was written becomes the baseline changes are counted from. */
  void committed(SessionDocument written) {
    for (Map.Entry<String, JsonNode> e : written.attributes().entrySet()) {
      Attribute a = attributes.get(e.getKey());
      if (a != null) {
        a.stored = e.getValue();
        if (!AttributeCodec.isImmutable(a.value)) {
          // the application may still hold the object; compare against what was written
          a.exposed = a.decoded;
        } else {
          a.exposed = false;
        }
      }
    }
    dirty.clear();
    structurallyChanged = false;
  }
}
