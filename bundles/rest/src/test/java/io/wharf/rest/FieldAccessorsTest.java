package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldAccessorsTest {
    /** A stored model as Wharf keeps them: public fields named after Go's. */
    public static final class Model {
        @JsonProperty("Name") public String name = "";
        @JsonProperty("Count") public int count;
        @JsonProperty("Size") public long size;
        @JsonProperty("On") public boolean on;
        @JsonProperty("Ratio") public double ratio;
        @JsonProperty("Letter") public char letter = 'c';
        @JsonProperty("Args") public List<String> args;
        @JsonProperty("Pair") public int[] pair = {0, 0};
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Labels") public Map<String, String> labels;
        @JsonProperty("Inner") public Inner inner = new Inner();
    }

    public static final class Inner {
        @JsonProperty("Mode") public String mode = "rw";
    }

    private static ObjectMapper withGetters() {
        return new ObjectMapper().registerModule(new SimpleModule().setSerializerModifier(new FieldAccessors()));
    }

    @Test
    void writesWhatReflectionWritesThroughGeneratedGetters() throws Exception {
        Model model = new Model();
        model.name = "x";
        model.count = 3;
        model.size = 1L << 40;
        model.on = true;
        model.ratio = 0.5;
        model.labels = Map.of("a", "b");
        Model empty = new Model();
        for (Model m : List.of(model, empty)) {
            assertEquals(new ObjectMapper().writeValueAsString(m), withGetters().writeValueAsString(m));
        }
        BeanSerializer serializer = (BeanSerializer) withGetters().getSerializerProviderInstance()
                .findValueSerializer(Model.class);
        serializer.properties().forEachRemaining(p -> assertEquals(FieldPropertyWriter.class, p.getClass()));
        for (Field field : Model.class.getFields()) {
            Class<?> getter = Class.forName(FieldGetterClass.nameFor(field));
            assertEquals(Model.class.getPackage(), getter.getPackage());
        }
        // a second mapper finds the getters already defined
        assertEquals(new ObjectMapper().writeValueAsString(model), withGetters().writeValueAsString(model));
    }

    @Test
    void aGetterReadsItsField() throws Exception {
        Inner inner = new Inner();
        inner.mode = "ro";
        withGetters().writeValueAsString(inner);
        Object getter = Class.forName(FieldGetterClass.nameFor(Inner.class.getField("mode")))
                .getConstructor().newInstance();
        assertTrue(getter instanceof java.util.function.Function);
        @SuppressWarnings("unchecked")
        java.util.function.Function<Object, Object> read = (java.util.function.Function<Object, Object>) getter;
        assertEquals("ro", read.apply(inner));
    }

    @Test
    void aTypeOfAnotherLoaderGetsItsGetterThere() throws Exception {
        URL classes = Inner.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes}, null)) {
            Class<?> type = isolated.loadClass(Plain.class.getName());
            Object plain = type.getConstructor().newInstance();
            assertEquals("{\"value\":\"v\"}", withGetters().writeValueAsString(plain));
            assertEquals(isolated, Class.forName(FieldGetterClass.nameFor(type.getField("value")), false, isolated)
                    .getClassLoader());
        }
    }

    /** Needs nothing but the JDK, so that an isolated loader can load it. */
    public static final class Plain {
        public String value = "v";
    }
}
