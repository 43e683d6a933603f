package io.sessions4j.core.compat.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.store.SessionPatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a Node-format session keeps what sessions4j's own document keeps in its {@code t} table:
 * which attributes hold a registered type ({@code allowType} alias) or a Jackson-typed framework
 * object ({@code @class}). The Node formats have no such place, so it travels as one extra
 * top-level field, {@value #FIELD}, an object of attribute name to type — written only when some
 * attribute has a type, carried through by the Node packages (its name does not start with {@code
 * _}, which koa-session drops when it saves), and never an attribute on the Java side.
 *
 * <p>Without it a value Java stored as a {@code Cart} would come back as a map on the next request
 * (the Node JSON has only the bean's fields). An entry whose attribute is gone (Node removed it) is
 * dropped; one that is not a string is ignored. When Node rewrote a typed attribute into a shape the
 * type cannot read, reading that attribute fails as any corrupt attribute does.
 */
final class NodeTypeTable {
  /** The top-level field holding the table. */
  static final String FIELD = "sessions4j:types";

  private NodeTypeTable() {}

  /**
   * Removes the table from {@code attributes} (a Node document's top-level fields) and returns its
   * entries for attributes that are present.
   */
  static Map<String, String> take(Map<String, JsonNode> attributes) {
    return entries(attributes.remove(FIELD), attributes::containsKey);
  }

  /** The table as stored in {@code root} (a Node document), entries for absent attributes left out. */
  static Map<String, String> of(ObjectNode root) {
    return entries(root.get(FIELD), root::has);
  }

  private static Map<String, String> entries(JsonNode table, Predicate<String> present) {
    if (table == null || !table.isObject()) {
      return Map.of();
    }
    Map<String, String> types = new LinkedHashMap<>();
    table.fields().forEachRemaining(e -> {
      if (e.getValue().isTextual() && present.test(e.getKey())) {
        types.put(e.getKey(), e.getValue().textValue());
      }
    });
    return types;
  }

  /**
   * The table after {@code patch} on a document that held {@code stored}: entries of removed
   * attributes gone, set attributes typed as the patch says (or plain).
   */
  static Map<String, String> patched(Map<String, String> stored, SessionPatch patch) {
    Map<String, String> types = new LinkedHashMap<>(stored);
    patch.removed().forEach(types::remove);
    patch.values().keySet().forEach(name -> {
      String alias = patch.aliases().get(name);
      if (alias != null) {
        types.put(name, alias);
      } else {
        types.remove(name);
      }
    });
    return types;
  }

  /** Writes {@code types} (for the attributes {@code root} holds) into {@code root}, or nothing when none apply. */
  static void put(ObjectNode root, Map<String, String> types) {
    ObjectNode table = null;
    for (Map.Entry<String, String> e : types.entrySet()) {
      if (root.has(e.getKey()) && !FIELD.equals(e.getKey())) {
        if (table == null) {
          table = root.objectNode();
        }
        table.put(e.getKey(), e.getValue());
      }
    }
    if (table != null) {
      root.set(FIELD, table);
    }
  }

  /** Refuses an attribute named like the table: it would be lost (or taken for a table) on the next read. */
  static void requireNotReserved(Set<String> names, String compat) {
    if (names.contains(FIELD)) {
      throw new IllegalArgumentException("session attribute '" + FIELD + "' is where sessions4j keeps attribute "
          + "types in the " + compat + " format and cannot be set; use another name");
    }
  }
}
