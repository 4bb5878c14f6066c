package io.wharf.rest;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.util.ClassUtil;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.ListIterator;
import java.util.function.Function;

/**
 * What Blackbird leaves to reflection: properties read from fields (HostConfig, Config and the other stored models
 * mirror Go's structs with public fields). Each such property gets a {@link FieldGetterClass} defined in the
 * field's package and a {@link FieldPropertyWriter} around it; a property whose getter cannot be defined (a JDK
 * class, a module that does not open its package) keeps Jackson's writer.
 */
final class FieldAccessors extends BeanSerializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                     List<BeanPropertyWriter> properties) {
        for (ListIterator<BeanPropertyWriter> it = properties.listIterator(); it.hasNext(); ) {
            BeanPropertyWriter writer = it.next();
            Function<Object, Object> getter = eligible(writer) ? getter(((AnnotatedField) writer.getMember())
                    .getAnnotated()) : null;
            if (getter != null) {
                it.set(new FieldPropertyWriter(writer, getter));
            }
        }
        return properties;
    }

    /** Jackson's plain writer of a field: custom serializers and unwrapping stay as they are. */
    private static boolean eligible(BeanPropertyWriter writer) {
        return writer.getClass() == BeanPropertyWriter.class && writer.getMember() instanceof AnnotatedField field
                && !Modifier.isPrivate(field.getAnnotated().getModifiers())
                && field.getAnnotated().getDeclaringClass().getClassLoader() != null
                && !writer.isUnwrapping()
                && (!writer.hasSerializer() || ClassUtil.isJacksonStdImpl(writer.getSerializer()));
    }

    /** An instance of the field's getter class, defined on first use (a rebuilt mapper finds it defined), or null. */
    @SuppressWarnings("unchecked")
    private static Function<Object, Object> getter(Field field) {
        Class<?> owner = field.getDeclaringClass();
        try {
            Class<?> type;
            try {
                type = Class.forName(FieldGetterClass.nameFor(field), true, owner.getClassLoader());
            } catch (ClassNotFoundException notYet) {
                MethodHandles.Lookup inPackage = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
                type = inPackage.defineClass(FieldGetterClass.bytes(field));
            }
            return (Function<Object, Object>) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // reflection still serves it
        }
    }
}
