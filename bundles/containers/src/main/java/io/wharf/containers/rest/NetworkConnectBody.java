package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.containers.model.EndpointRecord;

/** The body of {@code POST /networks/{id}/connect} (moby's network.ConnectOptions). */
@JsonIgnoreProperties(ignoreUnknown = true)
record NetworkConnectBody(@JsonProperty("Container") String container,
                          @JsonProperty("EndpointConfig") EndpointRecord endpointConfig) {

    NetworkConnectBody {
        endpointConfig = endpointConfig == null ? new EndpointRecord() : endpointConfig;
    }
}
