package io.wharf.engine;

import io.wharf.engine.rest.InfoBody;
import io.wharf.engine.rest.VersionBody;

/** What {@code GET /version} and {@code GET /info} need: the reports, built from whatever services are present. */
interface SystemBackend {
    VersionBody version();

    InfoBody info();
}
