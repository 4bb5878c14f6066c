package io.wharf.api.policy;

/**
 * An {@link ImagePolicy}'s answer.
 *
 * @param reason why the image is refused, shown to the client; null when allowed
 */
public record PolicyDecision(boolean allowed, String reason) {
    private static final PolicyDecision ALLOW = new PolicyDecision(true, null);

    public PolicyDecision {
        if (!allowed && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a denial needs a reason");
        }
    }

    public static PolicyDecision allow() {
        return ALLOW;
    }

    public static PolicyDecision deny(String reason) {
        return new PolicyDecision(false, reason);
    }
}
