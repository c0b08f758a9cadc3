package org.panuma.engine.scenario;

import java.util.List;
import java.util.Objects;
import org.panuma.engine.World;

/**
 * A scenario ready to run: the simulated machine it describes, already built and populated, and
 * the calls to make on it in order. Scenario files (format: docs/scenarios.md) are read into this
 * outside the engine, which parses no file.
 *
 * @param name  the scenario's name, for the report
 * @param seed  the seed the machine was built with
 * @param world the machine, its processes and their pages
 * @param calls the calls, in order
 */
public record Scenario(String name, long seed, World world, List<ScenarioCall> calls) {
    public Scenario {
        Objects.requireNonNull(name);
        Objects.requireNonNull(world);
        calls = List.copyOf(calls);
    }
}
