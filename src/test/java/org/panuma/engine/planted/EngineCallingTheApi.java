package org.panuma.engine.planted;

import org.panuma.api.Numa;

/** A planted layer violation (the engine reaching up into the api), for LayersTest to catch. Test scope only. */
public final class EngineCallingTheApi {
    private EngineCallingTheApi() {
    }

    public static int pageSize() {
        return Numa.open("sim").pageSize();
    }
}
