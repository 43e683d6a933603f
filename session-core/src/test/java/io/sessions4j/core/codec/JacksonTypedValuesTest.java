package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jackson-typed values: framework object graphs with class ids, read back only for classes on the
 * allow-list — and the plain-JSON path untouched by them.
 */
public class JacksonTypedValuesTest {

  /** Framework-style holder of a polymorphic value (the module gives it a mix-in). */
  public static final class Holder {
    public final Object inner;

    @JsonCreator
    public Holder(@JsonProperty("inner") Object inner) {
      this.inner = inner;
    }
  }

  abstract static class HolderMixin {}

  /** An application class a holder may carry once allowed. */
  public static final class Inner {
    public String name;

    public Inner() {}

    public Inner(String name) {
      this.name = name;
    }
  }

  /** A class nobody allowed. */
  public static final class Stranger {
    public String name = "x";
  }

  /** Set by {@link Tripwire}'s static initialiser (read here, so reading it does not initialise Tripwire). */
  static volatile boolean tripped;

  /** A class that must never even be initialised from session data. */
  public static final class Tripwire {
    static {
      tripped = true;
    }

    public String name;
  }

  public static SimpleModule frameworkModule() {
    SimpleModule module = new SimpleModule("framework");
    module.setMixInAnnotation(Holder.class, HolderMixin.class);
    return module;
  }

  final AttributeCodec codec = new AttributeCodec(AttributeTypes.builder()
      .jacksonModule(frameworkModule()).allowJacksonType(Inner.class).build());

  @Test
  void aFrameworkObjectRoundTripsWithTheClassesInsideIt() {
    Holder holder = new Holder(List.of(new Inner("ada")));
    assertThat(codec.aliasOf(Holder.class)).isEqualTo("@class");
    JsonNode tree = codec.toTree(holder);
    assertThat(tree.get("@class").asText()).isEqualTo(Holder.class.getName());

    Object back = codec.fromTree(tree, "@class");
    assertThat(back).isInstanceOf(Holder.class);
    List<?> inner = (List<?>) ((Holder) back).inner;
    assertThat(inner).singleElement().isInstanceOf(Inner.class);
    assertThat(((Inner) inner.get(0)).name).isEqualTo("ada");
  }

  @Test
  void aHolderOfAnUnallowedClassIsRefusedWhenSetNamingTheClassAndTheFix() {
    codec.requireStorable("ok", new Holder(new Inner("ada")));
    assertThatThrownBy(() -> codec.requireStorable("held", new Holder(new Stranger())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'held'")
        .hasMessageContaining(Stranger.class.getName())
        .hasMessageContaining("allowJacksonType(JacksonTypedValuesTest.Stranger.class)");
  }

  @Test
  void aClassNobodyAllowedIsRefusedAtSetWithHowToAllowIt() {
    assertThatThrownBy(() -> codec.requireStorable("s", new Stranger()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Stranger.class.getName())
        .hasMessageContaining("allowType(alias, Stranger.class)")
        .hasMessageContaining("allowJacksonType")
        .hasMessageContaining("jacksonModule");
  }

  @Test
  void aClassIdOutsideTheAllowListIsCorruptDataAndTheClassIsNeverInitialised() {
    ObjectNode tree = (ObjectNode) codec.toTree(new Holder(new Inner("ada")));
    ObjectNode evil = tree.putObject("inner");
    evil.put("@class", Tripwire.class.getName());
    evil.put("name", "boom");

    assertThatThrownBy(() -> codec.fromTree(tree, "@class")).isInstanceOf(CorruptSessionException.class);
    assertThat(tripped).isFalse();
  }

  @Test
  void aRootClassIdOutsideTheAllowListIsCorruptDataToo() {
    ObjectNode tree = (ObjectNode) codec.toTree(new Holder(new Inner("ada")));
    tree.put("@class", "java.lang.ProcessBuilder");
    assertThatThrownBy(() -> codec.fromTree(tree, "@class")).isInstanceOf(CorruptSessionException.class);
  }

  @Test
  void plainJsonValuesCarryNoClassIdsAlthoughTheTypedFamilyIsInUse() {
    Map<String, Object> cart = new LinkedHashMap<>();
    cart.put("items", List.of("apple"));
    assertThat(codec.aliasOf(LinkedHashMap.class)).isNull();
    assertThat(codec.toTree(cart).toString()).isEqualTo("{\"items\":[\"apple\"]}");
    assertThat(codec.toTree("text").isTextual()).isTrue();
  }

  @Test
  void withoutTheModuleATypedValueReadsAsPlainJsonNeverAsItsClass() {
    JsonNode tree = codec.toTree(new Holder(new Inner("ada")));
    Object back = new AttributeCodec(Map.of()).fromTree(tree, "@class");
    assertThat(back).isInstanceOf(Map.class);
  }

  @Test
  void aliasesMayNotTakeTheReservedMarker() {
    assertThatThrownBy(() -> AttributeTypes.builder().allowType("@class", Inner.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'@'");
  }
}
