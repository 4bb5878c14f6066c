package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code HEALTHCHECK} as the image config records it: {@code Test} ({@code ["NONE"]}, {@code ["CMD", ...]} or
 * {@code ["CMD-SHELL", "..."]}) and the durations in nanoseconds (0: not set, Docker's defaults apply).
 */
public record HealthcheckOptions(List<String> test, long intervalNanos, long timeoutNanos, long startPeriodNanos,
                                 long startIntervalNanos, int retries) {

    /** @param healthcheck a parsed {@code HEALTHCHECK} (the parser already refused malformed ones) */
    public static HealthcheckOptions of(Instruction healthcheck) {
        List<String> args = healthcheck.args();
        if (args.get(0).toUpperCase(Locale.ROOT).equals("NONE")) {
            return new HealthcheckOptions(List.of("NONE"), 0, 0, 0, 0, 0);
        }
        List<String> test = new ArrayList<>();
        test.add(healthcheck.jsonForm() ? "CMD" : "CMD-SHELL");
        test.addAll(args.subList(1, args.size()));
        return new HealthcheckOptions(List.copyOf(test), InstructionRules.interval(healthcheck, "interval"),
                InstructionRules.interval(healthcheck, "timeout"), InstructionRules.interval(healthcheck, "start-period"),
                InstructionRules.interval(healthcheck, "start-interval"), InstructionRules.retries(healthcheck));
    }
}
