package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.builder.dockerfile.Instruction;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code FROM [--platform=...] image [AS name]}, the image name and platform substituted with the ARGs before FROM. */
record FromLine(String image, String alias) {
    /**
     * @param host the platform this daemon builds for: a {@code --platform} (after substitution, so
     *             {@code $BUILDPLATFORM} and {@code $TARGETPLATFORM} name it) must name it, as the {@code platform}
     *             parameter must
     */
    static FromLine parse(Instruction from, UnaryOperator<String> expand, HostPlatform host) {
        String platform = from.flags().get("platform");
        if (platform != null) {
            String expanded = expand.apply(platform);
            if (expanded.isBlank()) { // BuildKit cannot parse an empty platform either
                throw EngineException.invalid("failed to parse platform %s: the platform is empty", platform);
            }
            host.require(expanded);
        }
        List<String> words = from.words();
        if (words.size() == 1) {
            return new FromLine(name(expand.apply(words.get(0))), null);
        }
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            return new FromLine(name(expand.apply(words.get(0))), words.get(2).toLowerCase());
        }
        throw EngineException.invalid("FROM requires either one or three arguments");
    }

    private static String name(String image) {
        if (image.isEmpty()) {
            throw EngineException.invalid("base name (%s) should not be blank", image);
        }
        return image;
    }
}
