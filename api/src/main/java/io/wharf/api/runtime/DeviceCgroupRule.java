package io.wharf.api.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --device-cgroup-rule}: one more entry of the container's device cgroup allow list, in the kernel's
 * {@code devices.allow} form ({@code c 1:3 mr}, {@code a *:* rwm}).
 *
 * @param type   {@code a} (all), {@code c} (character) or {@code b} (block)
 * @param major  the major number, or null for any ({@code *})
 * @param minor  the minor number, or null for any ({@code *})
 * @param access one to three of {@code r}, {@code w} and {@code m}
 * @since 1.2
 */
public record DeviceCgroupRule(String type, Long major, Long minor, String access) {
    /** moby's deviceCgroupRuleRegex. */
    private static final Pattern RULE = Pattern.compile("([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})");

    /** Parses a rule as dockerd does; the message of the exception is dockerd's. */
    public static DeviceCgroupRule parse(String text) {
        Matcher m = RULE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid device cgroup rule format: '" + text + "'");
        }
        try {
            return new DeviceCgroupRule(m.group(1), number(m.group(2)), number(m.group(3)), m.group(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid major or minor value in device cgroup rule format: '"
                    + text + "'");
        }
    }

    private static Long number(String text) {
        return text.equals("*") ? null : Long.parseLong(text);
    }
}
