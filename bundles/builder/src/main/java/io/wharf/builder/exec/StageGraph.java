package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.builder.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Dockerfile's stages and the ARGs before them; with a target, only the stages it needs (its FROM and
 * {@code COPY --from} ancestry) are built, as BuildKit does, and the stages after it never.
 */
final class StageGraph {
    private final List<Instruction> metaArgs;
    private final List<List<Instruction>> stages;
    private final BitSet needed;

    private StageGraph(List<Instruction> metaArgs, List<List<Instruction>> stages, BitSet needed) {
        this.metaArgs = metaArgs;
        this.stages = stages;
        this.needed = needed;
    }

    static StageGraph of(List<Instruction> all, String target) {
        List<Instruction> meta = new ArrayList<>();
        List<List<Instruction>> stages = new ArrayList<>();
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) {
                stages.add(new ArrayList<>(List.of(i)));
            } else if (stages.isEmpty()) {
                if (!i.keyword().equals("ARG")) {
                    throw EngineException.invalid("Please provide a source image with `from` prior to commit");
                }
                meta.add(i);
            } else {
                stages.get(stages.size() - 1).add(i);
            }
        }
        if (stages.isEmpty()) {
            throw EngineException.invalid("Dockerfile has no FROM: no build stage in current context");
        }
        refuseDuplicateNames(stages);
        int last = stages.size() - 1;
        if (target != null && !target.isEmpty()) {
            last = indexOf(stages, target, stages.size());
            if (last < 0) {
                throw EngineException.invalid("failed to reach build target %s in Dockerfile", target);
            }
        }
        BitSet needed = new BitSet();
        mark(stages, last, needed);
        return new StageGraph(meta, stages.subList(0, last + 1), needed);
    }

    /**
     * Two stages of one name (names are case-insensitive) are refused with the classic builder's message, before
     * anything runs, as BuildKit does (the classic builder finds it only when it reaches the second).
     */
    private static void refuseDuplicateNames(List<List<Instruction>> stages) {
        Set<String> names = new HashSet<>();
        for (List<Instruction> stage : stages) {
            List<String> words = stage.get(0).words();
            if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")
                    && !names.add(words.get(2).toLowerCase(Locale.ROOT))) {
                throw EngineException.invalid("%s stage name already used", words.get(2).toLowerCase(Locale.ROOT));
            }
        }
    }

    private static void mark(List<List<Instruction>> stages, int index, BitSet needed) {
        if (needed.get(index)) {
            return;
        }
        needed.set(index);
        List<Instruction> stage = stages.get(index);
        List<String> refs = new ArrayList<>();
        List<String> from = stage.get(0).words();
        if (!from.isEmpty()) {
            refs.add(from.get(0));
        }
        for (Instruction i : stage) {
            String source = i.flags().get("from");
            if (source != null && (i.keyword().equals("COPY") || i.keyword().equals("ADD"))) {
                refs.add(source);
            }
        }
        for (String ref : refs) {
            int dependency = indexOf(stages, ref, index);
            if (dependency >= 0) {
                mark(stages, dependency, needed);
            }
        }
    }

    /** The stage named (or numbered) {@code ref} among the first {@code limit}, or -1. */
    private static int indexOf(List<List<Instruction>> stages, String ref, int limit) {
        if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(ref);
            return n < limit ? n : -1;
        }
        for (int i = 0; i < limit; i++) {
            List<String> words = stages.get(i).get(0).words();
            if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")
                    && words.get(2).toLowerCase(Locale.ROOT).equals(ref.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    List<Instruction> metaArgs() {
        return metaArgs;
    }

    List<List<Instruction>> stages() {
        return stages;
    }

    boolean needed(int index) {
        return needed.get(index);
    }

    /** Steps that will run: the ARGs before FROM and every instruction of the needed stages. */
    int stepCount() {
        return firstStep(stages.size());
    }

    /** Steps that run before stage {@code index}, as the classic builder counts them: one after another. */
    int firstStep(int index) {
        int count = metaArgs.size();
        for (int i = 0; i < index; i++) {
            if (needed(i)) {
                count += stages.get(i).size();
            }
        }
        return count;
    }

    /** The stage before {@code index} named (or numbered) {@code ref}, or -1 when {@code ref} names an image. */
    int stageIndex(String ref, int index) {
        return indexOf(stages, ref, index);
    }
}
