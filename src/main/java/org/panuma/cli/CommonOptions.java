package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.flag;
import static org.panuma.cli.CommandSpecs.option;

import picocli.CommandLine.Model.CommandSpec;

/** Options every command takes. */
public final class CommonOptions {
    String backend;
    boolean json;
    boolean debug;

    /** These options as a mixin that sets {@code o}'s fields (a command adds it as "common"). */
    static CommandSpec spec(CommonOptions o) {
        return CommandSpecs.mixin(o,
                option("--backend", String.class, v -> o.backend = v).paramLabel("ffm|jna|sim|auto")
                        .converters(new BackendNames.Any())
                        .description("Which system-call backend to use (default: auto; or -Dpanuma.backend,"
                                + " PANUMA_BACKEND).").build(),
                flag("--json", v -> o.json = v)
                        .description("Print JSON (stable shapes, see the README) instead of text.").build(),
                flag("--debug", v -> o.debug = v).description("Show stack traces of errors.").build());
    }
}
