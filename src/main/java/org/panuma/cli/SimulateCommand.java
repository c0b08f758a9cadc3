package org.panuma.cli;

import static org.panuma.cli.CommandSpecs.flag;
import static org.panuma.cli.CommandSpecs.option;
import static org.panuma.cli.CommandSpecs.positionals;

import org.panuma.spi.Printable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.panuma.cli.scenario.ScenarioException;
import org.panuma.cli.scenario.ScenarioFile;
import org.panuma.cli.scenario.ScenarioJson;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.scenario.ScenarioResult;
import org.panuma.api.Numa;
import picocli.CommandLine.Model.CommandSpec;

/** `panuma simulate FILE`: run a scenario on the engine and explain every page. */
public final class SimulateCommand implements Callable<Integer> {
    List<Path> files;
    String profile;
    boolean allProfiles;
    /** --json and --debug; --backend may only name the engine's own (sim, or auto). */
    final CommonOptions common = new CommonOptions();

    CommandSpec spec;

    /** The command's model, bound to a new SimulateCommand. */
    static CommandSpec spec() {
        SimulateCommand c = new SimulateCommand();
        CommandSpec spec = CommandSpecs.command(c, "simulate", new String[] {"Run a scenario file on panuma's model of"
                        + " the kernel's mm/migrate.c and explain, page by page, what move_pages / migrate_pages did"
                        + " and which kernel branch decided it. Nothing real moves. The format is documented in"
                        + " docs/scenarios.md."},
                "%nExamples:",
                "  panuma simulate examples/scenarios/busy-page.json",
                "  panuma simulate examples/scenarios/untouched-and-zero.json --profile v6.12",
                "  panuma simulate examples/scenarios/shared-and-permissions.json --all-profiles",
                "  panuma simulate examples/scenarios/file-pages.json --json",
                "  panuma simulate examples/scenarios/*.json --all-profiles --json   one document: {\"results\": [...]}",
                "", ExitCodes.HELP);
        spec.addPositional(positionals("FILE", Path.class, v -> c.files = v).arity("1..*")
                .description("The scenario (JSON); several are run one after the other.").build());
        spec.addOption(option("--profile", String.class, v -> c.profile = v).paramLabel("P")
                .description("Kernel profile: v2.6.19, v2.6.27, v6.1, v6.12 (default: the file's, else v6.1).")
                .build());
        spec.addOption(flag("--all-profiles", v -> c.allProfiles = v)
                .description("Run the scenario on every profile it models (all four, or those its \"profiles\""
                        + " names), one after the other.").build());
        spec.addMixin("common", CommonOptions.spec(c.common));
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        if (common.backend != null && !common.backend.equals("sim") && !common.backend.equals(Numa.AUTO)) {
            throw new UsageException("--backend " + common.backend + ": simulate runs panuma's engine, which is the"
                    + " simulated backend's kernel; no other backend applies");
        }
        if (profile != null && allProfiles) {
            throw new UsageException("--profile and --all-profiles exclude each other");
        }
        if (profile != null) {
            try {
                KernelProfile.byName(profile);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--profile: " + Printable.escape(e.getMessage()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        List<ScenarioResult> results = new ArrayList<>();
        // Every file is read and run before anything is printed: a bad file among several is
        // reported alone, not after pages of the others' output.
        for (Path file : files) {
            if (allProfiles) {
                for (String p : modelledProfiles(file)) {
                    results.add(run(file, p));
                }
            } else {
                results.add(run(file, profile));
            }
        }
        if (common.json && results.size() > 1) {
            // One JSON document, whatever the number of runs: {"results": [one per file and profile]}.
            ObjectNode root = Json.object();
            ArrayNode list = root.putArray("results");
            for (ScenarioResult r : results) {
                list.add(ScenarioJson.toJson(r));
            }
            out.println(Json.write(root));
        } else {
            results.forEach(r -> print(out, r));
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** The profiles a scenario file names in its "profiles", or all of them. */
    private static List<String> modelledProfiles(Path file) throws IOException {
        List<String> named;
        try {
            named = org.panuma.cli.scenario.ScenarioFile.profiles(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            named = List.of(); // run() names the missing file
        } catch (org.panuma.cli.scenario.ScenarioException e) {
            throw new UsageException("scenario file " + Printable.quote(file) + ": " + e.getMessage());
        }
        return named.isEmpty() ? java.util.Arrays.stream(KernelProfile.values()).map(KernelProfile::id).toList() : named;
    }

    private ScenarioResult run(Path file, String profileName) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return ScenarioFile.run(r, profileName);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such scenario file: " + Printable.quote(file));
        } catch (ScenarioException e) {
            throw new UsageException("scenario file " + Printable.quote(file) + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // The model refuses what the scenario describes (a VMA of -16 pages, ...): the file's fault.
            throw new UsageException("scenario file " + Printable.quote(file) + " describes an impossible machine: "
                    + Printable.escape(e.getMessage()));
        } catch (IOException e) {
            throw new UsageException("cannot read scenario file " + Printable.quote(file) + ": "
                    + Printable.escape(e.getMessage()));
        }
    }

    private void print(PrintWriter out, ScenarioResult result) {
        out.println(common.json ? ScenarioJson.toJsonString(result) : result.toText());
    }
}
