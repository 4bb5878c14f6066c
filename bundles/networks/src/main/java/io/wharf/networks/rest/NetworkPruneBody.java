package io.wharf.networks.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to {@code POST /networks/prune}. */
record NetworkPruneBody(@JsonProperty("NetworksDeleted") List<String> networksDeleted) {
}
