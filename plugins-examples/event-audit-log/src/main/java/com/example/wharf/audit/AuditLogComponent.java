package com.example.wharf.audit;

import io.wharf.api.events.EventBus;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Subscribes to the engine's events and writes them to an audit file. Drop the jar into Wharf's plugins/
 * folder to start it in the running daemon; a {@code com.example.wharf.audit.cfg} file beside it (FileInstall
 * turns it into a ConfigAdmin configuration) may set {@code file=/var/log/wharf-audit.jsonl}.
 */
@Component(immediate = true, configurationPid = "com.example.wharf.audit")
@Designate(ocd = AuditLogComponent.Config.class)
public final class AuditLogComponent {
    @ObjectClassDefinition(name = "Wharf event audit log")
    public @interface Config {
        @AttributeDefinition(description = "where the JSON lines go")
        String file() default "/var/log/wharf-audit.jsonl";
    }

    private final AuditLog log;
    private final AutoCloseable subscription;

    @Activate
    public AuditLogComponent(@Reference EventBus events, Config config) throws IOException {
        this.log = new AuditLog(Path.of(config.file()));
        this.subscription = events.subscribe(log::append);
    }

    @Deactivate
    void deactivate() throws Exception {
        subscription.close();
        log.close();
    }
}
