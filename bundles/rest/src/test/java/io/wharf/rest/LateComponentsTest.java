package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

class LateComponentsTest {
    private final Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> components = new HashMap<>();
    private final Bundle builder = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Bundle.class}, (p, m, a) -> null);

    private ServiceComponentRuntime scr() {
        return (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (p, m, a) -> switch (m.getName()) {
                    case "getComponentDescriptionDTOs" -> components.keySet();
                    case "getComponentConfigurationDTOs" -> components.get((ComponentDescriptionDTO) a[0]);
                    case "isComponentEnabled" -> true;
                    default -> throw new AssertionError(m.getName());
                });
    }

    private void component(String name, int... states) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        List<ComponentConfigurationDTO> configurations = new java.util.ArrayList<>();
        for (int state : states) {
            ComponentConfigurationDTO c = new ComponentConfigurationDTO();
            c.state = state;
            configurations.add(c);
        }
        components.put(d, configurations);
    }

    @Test
    void aComponentStillWaitingForItsConfigurationIsNotUp() {
        component("BuildResource", ComponentConfigurationDTO.ACTIVE);
        component("BuilderComponent"); // ConfigAdmin has not delivered yet
        assertFalse(LateComponents.up(scr(), builder));
    }

    @Test
    void unsatisfiedReferencesAreNotUp() {
        component("BuildResource", ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        assertFalse(LateComponents.up(scr(), builder));
    }

    @Test
    void satisfiedActiveOrFailedComponentsAreUp() {
        component("BuildResource", ComponentConfigurationDTO.ACTIVE);
        component("BuilderComponent", ComponentConfigurationDTO.SATISFIED);
        component("Broken", ComponentConfigurationDTO.FAILED_ACTIVATION);
        assertTrue(LateComponents.up(scr(), builder));
    }

    @Test
    void noLateBundlesMeansNothingToWaitFor() {
        component("Elsewhere", ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        assertTrue(LateComponents.up(scr()));
    }
}
