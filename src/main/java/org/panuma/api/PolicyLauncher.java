package org.panuma.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.panuma.spi.CpuSet;
import org.panuma.spi.NumaSyscalls;

/**
 * Runs a program under a memory policy and CPU affinity in place of this process, as numactl
 * does: the calling thread's affinity (sched_setaffinity) and memory policy (set_mempolicy) are
 * set, then execve(2) replaces the process, which keeps its pid, standard streams and exit code.
 * Both settings are inherited across execve, so they govern the program from its first page.
 * Anything the kernel refuses (a node outside the cpuset, a mode this kernel does not have)
 * fails before the program is started.
 *
 * <pre>{@code
 * new PolicyLauncher(numa).exec(MemoryPolicy.bind(1), null, PolicyLauncher.resolve("stress", path), argv, env);
 * }</pre>
 */
public final class PolicyLauncher {
    private final NumaSyscalls sys;
    private final Numa numa;

    public PolicyLauncher(Numa numa) {
        this.numa = Objects.requireNonNull(numa, "numa");
        this.sys = numa.syscalls();
    }

    /**
     * Sets the policy and affinity of the calling thread and execs {@code program}. Returns only
     * by throwing; the settings made before a failing execve stay on this thread.
     *
     * @param policy  the memory policy, or null to keep this thread's
     * @param cpus    the CPUs to run on, or null to keep this thread's
     * @param argv    the program's arguments, {@code argv[0]} first
     * @param env     its environment
     * @throws org.panuma.spi.SyscallException naming the call the kernel refused; a policy mode this
     *                                         kernel predates has the version that brought it as its
     *                                         {@linkplain org.panuma.spi.SyscallException#hint() hint}
     * @throws IllegalStateException           on a virtual thread (its carrier would take the settings)
     */
    public void exec(MemoryPolicy policy, CpuSet cpus, Path program, List<String> argv, Map<String, String> env) {
        Objects.requireNonNull(program, "program");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv needs at least argv[0]");
        }
        ThreadCheck.requirePlatformThread("exec under a policy");
        if (cpus != null) {
            sys.schedSetaffinity(0, cpus);
        }
        if (policy != null) {
            numa.nodeCheck().applying(policy, () -> sys.setMempolicy(policy.modeWord(), policy.nodes()));
        }
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((k, v) -> envp.add(k + "=" + v));
        sys.execve(program.toString(), List.copyOf(argv), envp);
    }

    /**
     * The file a command name runs, as execvp(3) finds it: a name with a slash as it is, else the
     * first executable regular file of that name in {@code path} (a PATH value, ':'-separated,
     * an empty entry meaning the current directory).
     *
     * @return the file, or null when no directory of the path has it
     */
    public static Path resolve(String command, String path) {
        if (command.isEmpty()) {
            return null;
        }
        if (command.contains("/")) {
            return Path.of(command);
        }
        for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
