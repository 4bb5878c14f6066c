package io.wharf.builder.dockerfile;

import java.util.List;

/** Splits instruction arguments into the shapes instructions need (key/value pairs, ...). */
final class InstructionArguments {
    private InstructionArguments() {
    }

    static List<Instruction.KeyValue> keyValues(Instruction instruction) {
        throw new UnsupportedOperationException("to be written (s6-bparse)");
    }
}
