package io.wharf.api.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Credentials as the X-Registry-Auth header and POST /auth carry them. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryAuth(@JsonProperty("username") String username, @JsonProperty("password") String password,
                           @JsonProperty("serveraddress") String serverAddress,
                           @JsonProperty("identitytoken") String identityToken,
                           @JsonProperty("registrytoken") String registryToken) {
    public static RegistryAuth anonymous() {
        return new RegistryAuth(null, null, null, null, null);
    }
}
