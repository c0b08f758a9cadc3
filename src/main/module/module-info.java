/**
 * panuma: NUMA memory placement for the JVM.
 *
 * <p>Library users read {@code org.panuma.api}; backends implement {@code org.panuma.spi}.
 * Everything else (the backends, the engine, the CLI, the /proc parsers) stays inside.
 *
 * <p>This descriptor is compiled apart from the classes (see pom.xml, execution
 * {@code module-info}), after the tests, so that the tests run on the class path; its twin in
 * src/main/module22 adds the Java 23+ package {@code org.panuma.api.foreign} and becomes
 * META-INF/versions/23/module-info.class. The CLI's libraries are {@code static}: a library
 * user's module path needs JNA only (the Java 17-22 backend, and the fallback on 23+).
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
    exports org.panuma.spi;

    // picocli fills the command classes' fields by reflection.
    opens org.panuma.cli to info.picocli;
}
