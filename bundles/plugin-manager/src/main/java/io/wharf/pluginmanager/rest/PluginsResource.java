package io.wharf.pluginmanager.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.manager.Plugin;
import io.wharf.api.plugin.manager.PluginManager;
import io.wharf.api.plugin.manager.PluginPrivilege;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.support.Filters;
import io.wharf.support.Json;
import io.wharf.support.ProgressStream;
import io.wharf.support.RegistryAuthHeader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Docker's /plugins endpoints over the {@link PluginManager}. */
@Component(service = Object.class)
@JaxrsResource
@Path("/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {
    private static final String AUTH = "X-Registry-Auth";
    private final PluginManager plugins;

    @Activate
    public PluginsResource(@Reference PluginManager plugins) {
        this.plugins = plugins;
    }

    @GET
    public List<Plugin> list(@QueryParam("filters") String filters) {
        return PluginFilters.apply(Filters.parse(filters), plugins.list());
    }

    @GET
    @Path("/privileges")
    public List<PluginPrivilege> privileges(@QueryParam("remote") String remote, @HeaderParam(AUTH) String auth)
            throws IOException {
        return plugins.privileges(required("remote", remote), RegistryAuthHeader.decode(auth));
    }

    @POST
    @Path("/pull")
    @Consumes(MediaType.WILDCARD)
    public Response pull(@QueryParam("remote") String remote, @QueryParam("name") String name,
                         @HeaderParam(AUTH) String auth, byte[] body) {
        String local = plugins.localName(required("remote", remote), name);
        List<PluginPrivilege> granted = privilegesOf(body);
        ProgressStream progress = ProgressStream.start("wharf-plugin-pull", listener ->
                plugins.pull(remote, local, granted, RegistryAuthHeader.decode(auth), listener));
        // the CLI enables the plugin under the name this header gives
        return Response.ok((StreamingOutput) progress::writeTo).header("Docker-Plugin-Name", local).build();
    }

    @POST
    @Path("/create")
    @Consumes(MediaType.WILDCARD)
    public Response create(@QueryParam("name") String name, InputStream context) throws IOException {
        plugins.create(required("name", name), context);
        return Response.noContent().build();
    }

    @GET
    @Path("/{name: .+}/json")
    public Plugin inspect(@PathParam("name") String name) {
        return plugins.get(name);
    }

    @DELETE
    @Path("/{name: .+}")
    public Plugin remove(@PathParam("name") String name, @QueryParam("force") String force) throws IOException {
        Plugin plugin = plugins.get(name);
        plugins.remove(name, truthy(force));
        return plugin;
    }

    @POST
    @Path("/{name: .+}/enable")
    @Consumes(MediaType.WILDCARD)
    public Response enable(@PathParam("name") String name) throws IOException {
        plugins.enable(name);
        return Response.ok().build();
    }

    @POST
    @Path("/{name: .+}/disable")
    @Consumes(MediaType.WILDCARD)
    public Response disable(@PathParam("name") String name, @QueryParam("force") String force) throws IOException {
        plugins.disable(name, truthy(force));
        return Response.ok().build();
    }

    @POST
    @Path("/{name: .+}/upgrade")
    @Consumes(MediaType.WILDCARD)
    public Response upgrade(@PathParam("name") String name, @QueryParam("remote") String remote,
                            @HeaderParam(AUTH) String auth, byte[] body) {
        required("remote", remote);
        List<PluginPrivilege> granted = privilegesOf(body);
        ProgressStream progress = ProgressStream.start("wharf-plugin-upgrade", listener ->
                plugins.upgrade(name, remote, granted, RegistryAuthHeader.decode(auth), listener));
        return Response.ok((StreamingOutput) progress::writeTo).build();
    }

    @POST
    @Path("/{name: .+}/push")
    @Consumes(MediaType.WILDCARD)
    public Response push(@PathParam("name") String name, @HeaderParam(AUTH) String auth) {
        ProgressStream progress = ProgressStream.start("wharf-plugin-push", listener ->
                plugins.push(name, RegistryAuthHeader.decode(auth), listener));
        return Response.ok((StreamingOutput) progress::writeTo).build();
    }

    @POST
    @Path("/{name: .+}/set")
    @Consumes(MediaType.WILDCARD)
    public Response set(@PathParam("name") String name, byte[] body) throws IOException {
        String[] settings = Json.readRequest(body, String[].class);
        plugins.set(name, settings == null ? List.of() : Arrays.asList(settings));
        return Response.noContent().build();
    }

    private static List<PluginPrivilege> privilegesOf(byte[] body) {
        PluginPrivilege[] granted = Json.readRequest(body, PluginPrivilege[].class);
        return granted == null ? List.of() : Arrays.asList(granted);
    }

    private static String required(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            throw EngineException.invalid("%s is required", parameter);
        }
        return value;
    }

    private static boolean truthy(String value) {
        return value != null && Set.of("1", "true", "True", "TRUE").contains(value);
    }
}
