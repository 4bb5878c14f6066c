package io.wharf.linux;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the process's {@link LinuxFs} as a service, so that other bundles have it injected instead of reaching
 * for a static. Registered by hand because {@code LinuxFs} is one instance per process (it binds the C library
 * once). Where JNA cannot load the C library, nothing is registered and the reason is logged here: the drivers
 * that need system calls then stay unsatisfied.
 */
@Component(immediate = true, service = {})
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.wharf.linux.LinuxFs\"")
public final class LinuxFsComponent {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxFsComponent.class);

    private ServiceRegistration<LinuxFs> registration;

    @Activate
    void activate(BundleContext context) {
        LinuxFs fs;
        try {
            fs = LinuxFs.get();
        } catch (LinkageError e) { // JNA has no native part for this platform, or libc cannot be bound
            LOG.error("Linux system calls are unavailable, so the storage, volume and execution drivers that "
                    + "need them cannot start: {}", e.toString());
            return;
        }
        registration = context.registerService(LinuxFs.class, fs, null);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
