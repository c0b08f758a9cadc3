/**
 * panuma on Java 23+: the descriptor of src/main/module, plus the MemorySegment api
 * ({@code org.panuma.api.foreign}), which exists only in META-INF/versions/23. Keep the two in step.
 */
module org.panuma {
    requires jdk.jfr;
    requires com.sun.jna;
    requires static info.picocli;
    // The CLI's libraries (and the engine's scenario files: jackson); not needed by the api.
    requires static com.fasterxml.jackson.databind;
    requires static me.tongfei.progressbar;
    requires static jdk.unsupported;
    // `panuma exporter` only: the Prometheus client and the JDK's HTTP server it serves with.
    requires static io.prometheus.metrics.core;
    requires static io.prometheus.metrics.model;
    requires static io.prometheus.metrics.exporter.httpserver;
    requires static jdk.httpserver;

    exports org.panuma.api;
    exports org.panuma.api.foreign;
    exports org.panuma.spi;

    // picocli fills the command classes' fields by reflection.
    opens org.panuma.cli to info.picocli;
}
