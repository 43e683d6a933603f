package io.sessions4j.spring.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.FlashMap;

/**
 * Jackson module for Spring MVC's {@link FlashMap}: a {@code HashMap} subclass whose own fields
 * (target path, target parameters, expiry) Jackson's map handling would drop. Written as
 * {@code {"attributes":{…},"targetRequestPath":…,"targetRequestParams":{name:[values]},"expirationTime":…}},
 * the attributes' values with the mapper's class ids where they need them.
 */
final class FlashMapModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  FlashMapModule() {
    super("sessions4j-spring-webmvc-flash-map");
    addSerializer(FlashMap.class, new Writer());
    addDeserializer(FlashMap.class, new Reader());
  }

  private static final class Writer extends StdSerializer<FlashMap> {
    private static final long serialVersionUID = 1L;

    Writer() {
      super(FlashMap.class);
    }

    @Override
    public void serialize(FlashMap value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartObject(value);
      writeFields(value, gen, provider);
      gen.writeEndObject();
    }

    @Override
    public void serializeWithType(FlashMap value, JsonGenerator gen, SerializerProvider provider,
        TypeSerializer typeSer) throws IOException {
      WritableTypeId id = typeSer.writeTypePrefix(gen, typeSer.typeId(value, JsonToken.START_OBJECT));
      writeFields(value, gen, provider);
      typeSer.writeTypeSuffix(gen, id);
    }

    private static void writeFields(FlashMap value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      // as a map of Object values, so that each value carries its class id where the mapper's typing
      // wants one (also a final collection class, which a value's own serializer would leave bare)
      provider.defaultSerializeField("attributes", new LinkedHashMap<>(value), gen);
      if (value.getTargetRequestPath() != null) {
        gen.writeStringField("targetRequestPath", value.getTargetRequestPath());
      }
      gen.writeObjectFieldStart("targetRequestParams");
      for (Map.Entry<String, List<String>> e : value.getTargetRequestParams().entrySet()) {
        gen.writeArrayFieldStart(e.getKey());
        for (String v : e.getValue()) {
          gen.writeString(v);
        }
        gen.writeEndArray();
      }
      gen.writeEndObject();
      gen.writeNumberField("expirationTime", value.getExpirationTime());
    }
  }

  private static final class Reader extends StdDeserializer<FlashMap> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(FlashMap.class);
    }

    @Override
    public FlashMap deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      ObjectMapper mapper = (ObjectMapper) p.getCodec();
      JsonNode node = mapper.readTree(p);
      FlashMap flash = new FlashMap();
      JsonNode path = node.get("targetRequestPath");
      if (path != null && path.isTextual()) {
        flash.setTargetRequestPath(path.textValue());
      }
      JsonNode params = node.path("targetRequestParams");
      for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        for (JsonNode v : e.getValue()) {
          flash.addTargetRequestParam(e.getKey(), v.asText());
        }
      }
      flash.setExpirationTime(node.path("expirationTime").asLong(-1));
      JsonNode attributes = node.get("attributes");
      if (attributes != null) {
        try (JsonParser values = mapper.treeAsTokens(attributes)) {
          if (mapper.readValue(values, Object.class) instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flash.put(String.valueOf(k), v));
          }
        }
      }
      return flash;
    }
  }
}
