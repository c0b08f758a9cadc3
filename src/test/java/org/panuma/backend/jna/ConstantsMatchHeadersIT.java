package org.panuma.backend.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.spi.Errno;
import org.panuma.spi.Mpol;
import org.panuma.spi.ProcessSyscallNumbers;
import org.panuma.spi.SyscallNumbers;

/**
 * Every constant and system-call number in panuma's Java code equals the system headers': a C
 * program generated from the Java side's names is compiled with gcc against native-bindings/numa.h
 * and prints the header's values. Skipped (not passed) where gcc is absent.
 */
class ConstantsMatchHeadersIT {
    private static Map<String, Long> header;

    @BeforeAll
    static void compileAndRunHeaderProbe(@TempDir Path dir) throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        assumeTrue(Files.isExecutable(gcc), "gcc is needed to read the system headers");
        Map<String, String> expressions = new LinkedHashMap<>();
        for (String name : javaConstants(Mpol.class).keySet()) {
            expressions.put(name, name);
        }
        for (String name : javaConstants(MmapConstants.class).keySet()) {
            expressions.put(name, name);
        }
        for (Errno e : Errno.values()) {
            expressions.put(e.name(), e.name());
        }
        for (String call : new String[] {"mbind", "set_mempolicy", "get_mempolicy", "migrate_pages", "move_pages",
                "set_mempolicy_home_node", "execve", "rt_sigprocmask", "close_range", "pidfd_open",
                "pidfd_send_signal", "close"}) {
            expressions.put("__NR_" + call, "__NR_" + call);
        }
        StringBuilder c = new StringBuilder();
        c.append("#include \"").append(Path.of("native-bindings/numa.h").toAbsolutePath()).append("\"\n");
        expressions.put("SIG_SETMASK", "SIG_SETMASK");
        expressions.put("CLOSE_RANGE_CLOEXEC", "CLOSE_RANGE_CLOEXEC");
        c.append("#include <errno.h>\n#include <stdio.h>\n#include <signal.h>\n#include <linux/close_range.h>\n"
                + "#include <sys/syscall.h>\nint main(void) {\n");
        expressions.forEach((name, expr) -> c.append("  printf(\"%s %lld\\n\", \"").append(name)
                .append("\", (long long) (").append(expr).append("));\n"));
        c.append("  return 0;\n}\n");
        Path source = dir.resolve("probe.c");
        Files.writeString(source, c);
        Path exe = dir.resolve("probe");
        run(gcc.toString(), "-o", exe.toString(), source.toString());
        header = new TreeMap<>();
        for (String line : run(exe.toString()).split("\n")) {
            String[] kv = line.split(" ");
            header.put(kv[0], Long.parseLong(kv[1]));
        }
    }

    @Test
    void mempolicyConstants_matchLinuxMempolicyH() throws Exception {
        javaConstants(Mpol.class).forEach((name, value) -> assertEquals(header.get(name), value, name));
    }

    @Test
    void mmapConstants_matchSysMmanH() throws Exception {
        javaConstants(MmapConstants.class).forEach((name, value) -> assertEquals(header.get(name), value, name));
    }

    @Test
    void errnoNumbers_matchErrnoH() {
        for (Errno e : Errno.values()) {
            assertEquals(header.get(e.name()), (long) e.number(), e.name());
        }
    }

    @Test
    void syscallNumbersOfThisArchitecture_matchUnistdH() {
        SyscallNumbers n = SyscallNumbers.forCurrentArch();
        assumeTrue(n != null, "no table for " + System.getProperty("os.arch"));
        assertEquals(header.get("__NR_mbind"), n.mbind);
        assertEquals(header.get("__NR_set_mempolicy"), n.setMempolicy);
        assertEquals(header.get("__NR_get_mempolicy"), n.getMempolicy);
        assertEquals(header.get("__NR_migrate_pages"), n.migratePages);
        assertEquals(header.get("__NR_move_pages"), n.movePages);
        assertEquals(header.get("__NR_set_mempolicy_home_node"), n.setMempolicyHomeNode);
    }

    @Test
    void processSyscallNumbersOfThisArchitecture_matchUnistdH() {
        ProcessSyscallNumbers n = ProcessSyscallNumbers.forCurrentArch();
        assumeTrue(n != null, "no table for " + System.getProperty("os.arch"));
        assertEquals(header.get("__NR_execve"), n.execve);
        assertEquals(header.get("__NR_rt_sigprocmask"), n.rtSigprocmask);
        assertEquals(header.get("__NR_close_range"), n.closeRange);
        assertEquals(header.get("__NR_pidfd_open"), n.pidfdOpen);
        assertEquals(header.get("__NR_pidfd_send_signal"), n.pidfdSendSignal);
        assertEquals(header.get("__NR_close"), n.close);
        assertEquals(header.get("SIG_SETMASK"), (long) ProcessSyscallNumbers.SIG_SETMASK);
        assertEquals(header.get("CLOSE_RANGE_CLOEXEC"), (long) ProcessSyscallNumbers.CLOSE_RANGE_CLOEXEC);
    }

    /** The generated FFM bindings (Java 23+ only, from the multi-release jar) carry the same values. */
    @Test
    void generatedBindings_matchTheHeaders() throws Exception {
        assumeTrue(Runtime.version().feature() >= 23, "the bindings are Java 23+ code (jextract output)");
        Class<?> bindings = Class.forName("org.panuma.backend.ffm.bindings.numa_h");
        int checked = 0;
        for (Method m : bindings.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class
                    && header.containsKey(m.getName())) {
                assertEquals(header.get(m.getName()), ((Integer) m.invoke(null)).longValue(), m.getName());
                checked++;
            }
        }
        assertEquals(javaConstants(Mpol.class).size() - 1 + javaConstants(MmapConstants.class).size(), checked,
                "every generated constant has a header value (MPOL_MODE_FLAGS is not bound)");
    }

    /** Every static final int of a constants class, by name. */
    private static Map<String, Long> javaConstants(Class<?> type) throws IllegalAccessException {
        Map<String, Long> m = new TreeMap<>();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                f.setAccessible(true);
                m.put(f.getName(), (long) f.getInt(null));
            }
        }
        return m;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
