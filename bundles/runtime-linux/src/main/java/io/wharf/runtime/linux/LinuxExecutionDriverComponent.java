package io.wharf.runtime.linux;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.Resources;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Registers the {@link LinuxExecutionDriver} built from the daemon's configuration; all logic lives there. */
@Component(service = ExecutionDriver.class, property = ExecutionDriver.NAME_PROPERTY + "=linux")
public class LinuxExecutionDriverComponent implements ExecutionDriver {
    private final LinuxExecutionDriver driver;

    @Activate
    public LinuxExecutionDriverComponent(@Reference DaemonConfig config, @Reference LinuxFs fs) throws IOException {
        driver = LinuxExecutionDriver.open(LinuxExecutionDriver.Settings.defaults(config.execRootPath(),
                config.defaultRuntimeOrRunc(), config.runtimes()), fs);
    }

    /** Stops watching; the containers and their conmon monitors keep running. */
    @Deactivate
    void deactivate() throws IOException {
        driver.close();
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public List<String> runtimes() {
        return driver.runtimes();
    }

    @Override
    public void create(ContainerSpec spec) throws IOException {
        driver.create(spec);
    }

    @Override
    public ProcessIo attach(String id, boolean stdin) throws IOException {
        return driver.attach(id, stdin);
    }

    @Override
    public void start(String id) throws IOException {
        driver.start(id);
    }

    @Override
    public CompletionStage<ExitStatus> awaitExit(String id) {
        return driver.awaitExit(id);
    }

    @Override
    public ContainerStatus status(String id) throws IOException {
        return driver.status(id);
    }

    @Override
    public void kill(String id, int signal) throws IOException {
        driver.kill(id, signal);
    }

    @Override
    public void pause(String id) throws IOException {
        driver.pause(id);
    }

    @Override
    public void resume(String id) throws IOException {
        driver.resume(id);
    }

    @Override
    public void update(String id, Resources resources) throws IOException {
        driver.update(id, resources);
    }

    @Override
    public void resize(String id, int height, int width) throws IOException {
        driver.resize(id, height, width);
    }

    @Override
    public ExecSession exec(String id, ExecSpec spec) throws IOException {
        return driver.exec(id, spec);
    }

    @Override
    public void resizeExec(String id, String execId, int height, int width) throws IOException {
        driver.resizeExec(id, execId, height, width);
    }

    @Override
    public List<Long> pids(String id) throws IOException {
        return driver.pids(id);
    }

    @Override
    public ContainerStats stats(String id) throws IOException {
        return driver.stats(id);
    }

    @Override
    public void delete(String id) throws IOException {
        driver.delete(id);
    }

    @Override
    public List<String> list() throws IOException {
        return driver.list();
    }
}
