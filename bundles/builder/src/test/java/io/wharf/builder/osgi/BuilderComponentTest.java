package io.wharf.builder.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.build.ImageBuilder;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.linux.LinuxFs;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/**
 * The builder is registered only once DS has bound the image policies: DS binds the dynamic references after the
 * constructor and before the activate method, so a registration from the constructor let a build start before a
 * policy was asked (fail open).
 */
class BuilderComponentTest {
    @TempDir
    Path dataRoot;

    @Test
    void theBuilderIsRegisteredByActivateNotByTheConstructor() throws Exception {
        List<String> registered = new ArrayList<>();
        BundleContext context = stub(BundleContext.class, (method, args) -> switch (method) {
            case "registerService" -> {
                registered.add(((Class<?>) args[0]).getName());
                yield null;
            }
            case "getBundle" -> stub(Bundle.class, (m, a) -> m.equals("getVersion") ? new Version(1, 2, 3) : null);
            default -> null;
        });
        BuilderConfiguration config = stub(BuilderConfiguration.class, (method, args) ->
                method.equals("dataRoot") ? dataRoot.toString() : null);

        BuilderComponent component = new BuilderComponent(config, stub(ImageService.class, null),
                stub(ContainerService.class, null), stub(ContainerLayerStore.class, null), LinuxFs.get(),
                context);
        assertEquals(List.of(), registered, "nothing registered before the policies are bound");
        component.addImagePolicy(stub(io.wharf.api.policy.ImagePolicy.class, null)); // DS binds here
        component.activate(context);
        assertEquals(List.of(ImageBuilder.class.getName()), registered);
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args);
    }

    /** An implementation answering {@code answer}'s values, else empty lists, false, zero or null. */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = answer == null ? null : answer.answer(method.getName(), args);
            if (value != null || method.getReturnType() == void.class) {
                return value;
            }
            Class<?> r = method.getReturnType();
            if (r == List.class) {
                return List.of();
            } else if (r == Optional.class) {
                return Optional.empty();
            } else if (r == boolean.class) {
                return false;
            } else if (r == int.class || r == long.class) {
                return r == int.class ? (Object) 0 : (Object) 0L;
            } else if (r == Class.class && type.isAnnotation()) {
                return type;
            }
            return null;
        });
    }
}
