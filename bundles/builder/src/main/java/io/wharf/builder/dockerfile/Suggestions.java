package io.wharf.builder.dockerfile;

import java.util.Locale;

/** BuildKit's hint after an unknown instruction: {@code unknown instruction: RUNN (did you mean run?)}. */
final class Suggestions {
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    static String didYouMean(String keyword) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String known : InstructionParser.KEYWORDS.stream().sorted().toList()) {
            int distance = distance(keyword, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best == null || keyword.length() <= bestDistance ? ""
                : " (did you mean " + best.toLowerCase(Locale.ROOT) + "?)";
    }

    /** Levenshtein distance, bounded work: keywords are short and an overlong word is no typo of one. */
    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
            return Integer.MAX_VALUE;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
