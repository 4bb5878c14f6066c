package io.wharf.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.impl.PropertySerializerMap;
import java.util.function.Function;

/**
 * Jackson's property writer, reading the property through a {@link FieldGetterClass} instead of {@code Field.get};
 * {@link #serializeAsField} is Jackson's own, with that one read replaced (Jackson inlines the read, so overriding
 * {@link #get} alone would not reach it). Everything else (renaming, array shapes) stays Jackson's, by reflection.
 */
final class FieldPropertyWriter extends BeanPropertyWriter {
    private static final long serialVersionUID = 1L;
    private final transient Function<Object, Object> getter;

    FieldPropertyWriter(BeanPropertyWriter base, Function<Object, Object> getter) {
        super(base);
        this.getter = getter;
    }

    @Override
    public Object get(Object bean) {
        return getter.apply(bean);
    }

    @Override
    public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
        Object value = getter.apply(bean);
        if (value == null) {
            if (_suppressableValue != null && prov.includeFilterSuppressNulls(_suppressableValue)) {
                return;
            }
            if (_nullSerializer != null) {
                gen.writeFieldName(_name);
                _nullSerializer.serialize(null, gen, prov);
            }
            return;
        }
        JsonSerializer<Object> ser = _serializer;
        if (ser == null) {
            Class<?> cls = value.getClass();
            PropertySerializerMap known = _dynamicSerializers;
            ser = known.serializerFor(cls);
            if (ser == null) {
                ser = _findAndAddDynamic(known, cls, prov);
            }
        }
        if (_suppressableValue != null) {
            if (MARKER_FOR_EMPTY == _suppressableValue) {
                if (ser.isEmpty(prov, value)) {
                    return;
                }
            } else if (_suppressableValue.equals(value)) {
                return;
            }
        }
        if (value == bean && _handleSelfReference(bean, gen, prov, ser)) {
            return;
        }
        gen.writeFieldName(_name);
        if (_typeSerializer == null) {
            ser.serialize(value, gen, prov);
        } else {
            ser.serializeWithType(value, gen, prov, _typeSerializer);
        }
    }
}
