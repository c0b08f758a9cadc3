package org.panuma.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** Which pages of the target a command is about. */
public final class SelectionOptions {
    @Option(names = "--region", split = ",", paramLabel = "KIND|GLOB",
            description = "Only these regions: heap, stack, anon, file, shm, hugetlb; a JVM's java-heap,"
                    + " code-cache, metaspace, class-space, cds-archive (asked with jcmd); or a glob over paths"
                    + " ('*libc*'). Repeatable, or comma-separated.")
    List<String> regions;

    @Option(names = "--range", paramLabel = "START-END",
            description = "Only pages in this address range, hex as in /proc/PID/maps (0x7f00...-0x7f10...).")
    String range;

    @Option(names = "--addresses", paramLabel = "HEX,HEX,...",
            description = "Exactly these pages (each address stands for the page that holds it).")
    String addresses;
}
