package org.panuma.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool (run by the Maven build at package time, see pom.xml execution {@code man-pages}):
 * writes one AsciiDoc man page per command with picocli's ManPageGenerator, from the same
 * command model as {@code --help}, which asciidoctor's manpage backend then turns into roff
 * (target/man/*.1). The model is adapted for a man page first, on a copy used only here:
 * <ul>
 *   <li>NAME is a short header, the description's first clause, not the whole paragraph;</li>
 *   <li>the footer's "Examples:" lines become the EXAMPLES section and {@link ExitCodes#HELP}
 *       the EXIT STATUS section (picocli writes those sections from footerHeading/footer and
 *       exitCodeList);</li>
 *   <li>every '*' of the help text is written as AsciiDoc's {asterisk}: AsciiDoc reads
 *       {@code '*libc*'} as bold "libc" and the glob would lose its stars.</li>
 * </ul>
 */
public final class ManPageSources {
    private ManPageSources() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "target/man-adoc");
        Files.createDirectories(out);
        Map<String, String> pages = pages();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Files.writeString(out.resolve(page.getKey() + ".adoc"), page.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("man page sources: " + pages.size() + " in " + out);
    }

    /** Each command's man page source by its file name ("panuma-where"), the root's first. */
    static Map<String, String> pages() throws IOException {
        CommandLine root = PanumaCli.commandLine();
        List<CommandSpec> specs = new ArrayList<>();
        collect(root.getCommandSpec(), specs);
        Map<String, String> pages = new LinkedHashMap<>();
        for (CommandSpec spec : specs) {
            adapt(spec);
            StringWriter page = new StringWriter();
            try (PrintWriter pw = new PrintWriter(page)) {
                ManPageGenerator.writeSingleManPage(pw, spec);
            }
            pages.put(spec.qualifiedName("-"), page.toString());
        }
        return pages;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
                .filter(s -> !into.contains(s)).forEach(s -> collect(s, into));
    }

    static void adapt(CommandSpec spec) {
        UsageMessageSpec usage = spec.usageMessage();
        String[] description = usage.description();
        if (description.length > 0 && usage.header().length == 0) {
            usage.header(escape(firstClause(description[0])));
        }
        usage.description(escapeAll(description));
        splitFooter(usage);
        for (OptionSpec o : new ArrayList<>(spec.options())) {
            if (Arrays.stream(o.description()).anyMatch(d -> d.contains("*"))) {
                replace(spec, o, OptionSpec.builder(o).description(escapeAll(o.description())).build());
            }
        }
        for (PositionalParamSpec p : new ArrayList<>(spec.positionalParameters())) {
            if (Arrays.stream(p.description()).anyMatch(d -> d.contains("*"))) {
                replace(spec, p, PositionalParamSpec.builder(p).description(escapeAll(p.description())).build());
            }
        }
    }

    private static void replace(CommandSpec spec, ArgSpec old, ArgSpec now) {
        spec.remove(old);
        if (now instanceof OptionSpec o) {
            spec.addOption(o);
        } else {
            spec.addPositional((PositionalParamSpec) now);
        }
    }

    /** The footer's "Examples:" block to footerHeading + footer, its exit codes to exitCodeList. */
    private static void splitFooter(UsageMessageSpec usage) {
        List<String> examples = new ArrayList<>();
        boolean inExamples = false;
        for (String line : usage.footer()) {
            String l = line.replace("%n", "").strip();
            if (l.equals("Examples:")) {
                inExamples = true;
            } else if (line.contains("Exit codes:")) {
                inExamples = false;
            } else if (inExamples && !l.isEmpty()) {
                examples.add(" " + escape(line.strip()));
            }
        }
        usage.footerHeading(examples.isEmpty() ? "" : "Examples");
        usage.footer(examples.toArray(new String[0]));
        usage.exitCodeListHeading("Exit status");
        usage.exitCodeList(exitCodes());
    }

    /** {@link ExitCodes#HELP}'s lines ("  0  success") as picocli's code-to-text map. */
    static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP.split("%n")) {
            String l = line.strip();
            int space = l.indexOf(' ');
            if (space > 0 && l.substring(0, space).chars().allMatch(Character::isDigit)) {
                codes.put(l.substring(0, space), escape(l.substring(space).strip()));
            }
        }
        return codes;
    }

    static String firstClause(String text) {
        int end = text.length();
        for (String stop : new String[] {". ", ": ", "; ", " ("}) {
            int i = text.indexOf(stop);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        String clause = text.substring(0, end);
        // A NAME line is read in lists (apropos, whatis): long clauses stop at their first
        // "and", then at their first comma.
        for (String stop : new String[] {" and ", ", "}) {
            int i = clause.indexOf(stop);
            if (clause.length() > 100 && i >= 20) {
                clause = clause.substring(0, i);
            }
        }
        return clause.endsWith(".") ? clause.substring(0, clause.length() - 1) : clause;
    }

    private static String[] escapeAll(String[] lines) {
        return Arrays.stream(lines).map(ManPageSources::escape).toArray(String[]::new);
    }

    static String escape(String text) {
        return text.replace("*", "{asterisk}");
    }
}
