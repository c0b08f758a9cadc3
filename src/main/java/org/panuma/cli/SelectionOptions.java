package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.list;
import static org.panuma.cli.CommandSpecs.option;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Which pages of the target a command is about. */
public final class SelectionOptions {
    List<String> regions;
    String range;
    String addresses;

    /** These options as a mixin that sets {@code o}'s fields (a command adds it as "selection"). */
    static CommandSpec spec(SelectionOptions o) {
        return CommandSpecs.mixin(o,
                list("--region", String.class, v -> o.regions = v).splitRegex(",").paramLabel("KIND|GLOB")
                        .description("Only these regions: heap, stack, anon, file, shm, hugetlb; a JVM's java-heap,"
                                + " code-cache, metaspace, class-space, cds-archive (asked with jcmd); or a glob over"
                                + " paths ('*libc*'). Repeatable, or comma-separated.").build(),
                option("--range", String.class, v -> o.range = v).paramLabel("START-END")
                        .description("Only pages in this address range, hex as in /proc/PID/maps"
                                + " (0x7f00...-0x7f10...).").build(),
                option("--addresses", String.class, v -> o.addresses = v).paramLabel("HEX,HEX,...")
                        .description("Exactly these pages (each address stands for the page that holds it).").build());
    }
}
