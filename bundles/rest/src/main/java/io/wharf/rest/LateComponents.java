package io.wharf.rest;

import java.util.Collection;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether the components of the bundles wharfd starts late are up. A late bundle being started is not enough for
 * its routes: a component that requires configuration gets it from ConfigAdmin on another thread, and only then
 * registers the services its REST resources wait for (the builder: POST /build answered 404 right after start-up).
 */
final class LateComponents {
    private LateComponents() {
    }

    /** True when every enabled component of these bundles is satisfied, active or failed (nothing more will come). */
    static boolean up(ServiceComponentRuntime scr, Bundle... late) {
        if (late.length == 0) {
            return true; // the runtime reads no bundles as all bundles
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(late)) {
            if (!scr.isComponentEnabled(description)) {
                continue;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                return false; // its configuration has not arrived yet
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    return false;
                }
            }
        }
        return true;
    }
}
