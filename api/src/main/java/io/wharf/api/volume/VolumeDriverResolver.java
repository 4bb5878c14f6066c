package io.wharf.api.volume;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds volume drivers that are not registered until they are asked for, as dockerd activates a volume plugin
 * when its name is first used. The volume service asks it for a driver name it does not know, and for all of
 * them when it lists volumes. A driver it returns is also registered as a {@link VolumeDriver} service.
 */
@ConsumerType
public interface VolumeDriverResolver {
    /** The driver of that name, activated now; null when the resolver has none of that name. */
    VolumeDriver resolve(String name);

    /** Every driver the resolver can activate now (those that fail are skipped). */
    List<VolumeDriver> resolveAll();
}
