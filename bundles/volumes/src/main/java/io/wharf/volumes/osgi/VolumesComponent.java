package io.wharf.volumes.osgi;

import io.wharf.api.container.ContainerService;
import io.wharf.api.events.EventBus;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeDriverResolver;
import io.wharf.api.volume.VolumeService;
import io.wharf.support.osgi.ServiceRegistrations;
import io.wharf.volumes.rest.VolumeManagerBackend;
import io.wharf.volumes.rest.VolumesBackend;
import io.wharf.volumes.service.VolumeDrivers;
import io.wharf.volumes.service.VolumeManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Builds the volume service on {@code <data-root>/volumes-meta}, adopts the volumes the drivers already have, and
 * registers the service and the backend of the REST resource (a DS component that requires it). Drivers come and
 * go while it runs; registrations are made by hand so that they, and with them /volumes, appear only once the
 * metadata is loaded.
 */
@Component(immediate = true, service = {}, configurationPid = VolumesConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = VolumesConfiguration.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.wharf.api.volume.VolumeService\"")
public final class VolumesComponent {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerService containers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventBus eventBus;

    private final VolumeDrivers drivers = new VolumeDrivers();
    private ServiceRegistrations registrations;

    @Reference(service = VolumeDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDriver")
    void addDriver(VolumeDriver driver, Map<String, Object> properties) {
        drivers.add(VolumeDrivers.nameOf(driver, properties), driver);
    }

    void removeDriver(VolumeDriver driver, Map<String, Object> properties) {
        drivers.remove(VolumeDrivers.nameOf(driver, properties), driver);
    }

    @Reference(service = VolumeDriverResolver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeResolver")
    void addResolver(VolumeDriverResolver resolver) {
        drivers.addResolver(resolver);
    }

    void removeResolver(VolumeDriverResolver resolver) {
        drivers.removeResolver(resolver);
    }

    @Activate
    void activate(BundleContext context, VolumesConfiguration paths) throws IOException {
        VolumeManager manager = new VolumeManager(drivers, Path.of(paths.dataRoot(), "volumes-meta"),
                () -> containers, () -> eventBus);
        manager.adoptAll();
        registrations = new ServiceRegistrations(context);
        registrations.service(VolumeService.class, manager);
        registrations.service(VolumesBackend.class, new VolumeManagerBackend(manager));
    }

    @Deactivate
    void deactivate() {
        if (registrations != null) {
            registrations.unregisterAll();
        }
    }
}
