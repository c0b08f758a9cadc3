package org.panuma.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(names = "--backend", paramLabel = "ffm|jna|sim|auto", converter = BackendNames.Any.class,
            description = "Which system-call backend to use (default: auto; or -Dpanuma.backend, PANUMA_BACKEND).")
    String backend;

    @Option(names = "--json", description = "Print JSON (stable shapes, see the README) instead of text.")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;
}
