package io.wharf.rest;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * The class file of a getter for one field: {@code public final class Owner$$WharfGetter$field implements
 * Function} whose apply reads the field with one getfield (a primitive boxed by valueOf, as reflection boxes it).
 * Defined in the field's own package, it reads the field as plain code does; a lambda cannot (the JDK's
 * LambdaMetafactory takes methods, not fields), and reflection is slow under C1. It refers to nothing but the JDK
 * and the field's class, so any class loader links it. Straight-line code: a version 52 class needs no stack maps.
 */
final class FieldGetterClass {
    private static final int CLASS = 7;
    private static final int FIELD_REF = 9;
    private static final int METHOD_REF = 10;
    private static final int NAME_AND_TYPE = 12;
    private static final Map<Class<?>, String> BOXES = Map.of(int.class, "java/lang/Integer",
            long.class, "java/lang/Long", boolean.class, "java/lang/Boolean", double.class, "java/lang/Double",
            float.class, "java/lang/Float", short.class, "java/lang/Short", byte.class, "java/lang/Byte",
            char.class, "java/lang/Character");

    private FieldGetterClass() {
    }

    /** The getter's binary name: beside the field's class, so that it may read a field of package access too. */
    static String nameFor(Field field) {
        return field.getDeclaringClass().getName() + "$$WharfGetter$" + field.getName();
    }

    static byte[] bytes(Field field) {
        Class<?> type = field.getType();
        String descriptor = type.describeConstable().orElseThrow().descriptorString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(52);
            out.writeShort(type.isPrimitive() ? 26 : 20);      // constant pool count: entries 1 to count - 1
            utf8(out, internal(nameFor(field)));               // 1
            ref(out, CLASS, 1);                                // 2  this class
            utf8(out, "java/lang/Object");                     // 3
            ref(out, CLASS, 3);                                // 4  super class
            utf8(out, "java/util/function/Function");          // 5
            ref(out, CLASS, 5);                                // 6  its interface
            utf8(out, "<init>");                               // 7
            utf8(out, "()V");                                  // 8
            pair(out, NAME_AND_TYPE, 7, 8);                    // 9
            pair(out, METHOD_REF, 4, 9);                       // 10 Object.<init>
            utf8(out, "Code");                                 // 11
            utf8(out, "apply");                                // 12
            utf8(out, "(Ljava/lang/Object;)Ljava/lang/Object;"); // 13
            utf8(out, internal(field.getDeclaringClass().getName())); // 14
            ref(out, CLASS, 14);                               // 15 the field's class
            utf8(out, field.getName());                        // 16
            utf8(out, descriptor);                             // 17
            pair(out, NAME_AND_TYPE, 16, 17);                  // 18
            pair(out, FIELD_REF, 15, 18);                      // 19 the field
            if (type.isPrimitive()) {
                String box = BOXES.get(type);
                utf8(out, box);                                // 20
                ref(out, CLASS, 20);                           // 21 its box
                utf8(out, "valueOf");                          // 22
                utf8(out, "(" + descriptor + ")L" + box + ";"); // 23
                pair(out, NAME_AND_TYPE, 22, 23);              // 24
                pair(out, METHOD_REF, 21, 24);                 // 25 Box.valueOf
            }
            out.writeShort(0x0001 | 0x0010 | 0x0020);          // public final super
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(1);
            out.writeShort(6);
            out.writeShort(0);                                 // no fields
            out.writeShort(2);                                 // two methods
            // aload_0; invokespecial Object.<init>; return
            method(out, 7, 8, 1, 1, new byte[] {0x2a, (byte) 0xb7, 0, 10, (byte) 0xb1});
            // aload_1; checkcast Owner; getfield field; [invokestatic Box.valueOf]; areturn
            byte[] read = {0x2b, (byte) 0xc0, 0, 15, (byte) 0xb4, 0, 19};
            byte[] box = type.isPrimitive() ? new byte[] {(byte) 0xb8, 0, 25} : new byte[0];
            byte[] code = new byte[read.length + box.length + 1];
            System.arraycopy(read, 0, code, 0, read.length);
            System.arraycopy(box, 0, code, read.length, box.length);
            code[code.length - 1] = (byte) 0xb0;
            method(out, 12, 13, 2, 2, code);                   // a long or double takes two stack slots
            out.writeShort(0);                                 // no class attributes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void method(DataOutputStream out, int name, int descriptor, int maxStack, int maxLocals,
                               byte[] code) throws IOException {
        out.writeShort(0x0001); // public
        out.writeShort(name);
        out.writeShort(descriptor);
        out.writeShort(1);      // one attribute: Code
        out.writeShort(11);
        out.writeInt(12 + code.length);
        out.writeShort(maxStack);
        out.writeShort(maxLocals);
        out.writeInt(code.length);
        out.write(code);
        out.writeShort(0);      // no exception table
        out.writeShort(0);      // no attributes of the code
    }

    private static void utf8(DataOutputStream out, String value) throws IOException {
        out.writeByte(1);
        out.writeUTF(value); // modified UTF-8, as class files have it
    }

    private static void ref(DataOutputStream out, int tag, int index) throws IOException {
        out.writeByte(tag);
        out.writeShort(index);
    }

    private static void pair(DataOutputStream out, int tag, int first, int second) throws IOException {
        out.writeByte(tag);
        out.writeShort(first);
        out.writeShort(second);
    }

    private static String internal(String binaryName) {
        return binaryName.replace('.', '/');
    }
}
