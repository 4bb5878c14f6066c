package io.wharf.api.log;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds log drivers that are not registered until asked for, as dockerd looks a log-driver plugin up when a
 * container first names it ({@code docker run --log-driver NAME}). The containers bundle asks each resolver for a
 * driver name it does not build in, at create (to refuse an unknown name) and at each start.
 */
@ConsumerType
public interface LogDriverResolver {
    /**
     * The driver of that name, activated now; null when the resolver has none of that name. A driver that exists
     * but cannot be activated is an {@link io.wharf.api.errors.EngineException}.
     */
    LogDriver resolve(String name);
}
