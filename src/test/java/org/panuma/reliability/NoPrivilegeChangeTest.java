package org.panuma.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 4: panuma never changes its identity or capabilities. No source file (Java, the
 * native bindings) names a call that could: setuid and its family, capset, prctl, or running
 * sudo/su/setpriv. The guest's PermissionsGuestTest shows the other half: an unprivileged
 * panuma moves its own user's processes and is refused everyone else's.
 */
class NoPrivilegeChangeTest {
    static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(set(re|res)?[ug]id|setfs[ug]id|setgroups|capset|cap_set_proc|prctl|SYS_setuid|SYS_capset)\\b"
                    + "|\"(sudo|su|setpriv|pkexec)\"");

    @Test
    void noSourceCallsSetuidOrChangesCapabilities() throws IOException {
        List<Path> roots = List.of(Path.of("src/main"), Path.of("native-bindings"));
        List<String> hits = new ArrayList<>();
        int files = 0;
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(java|c|h|rs|sh)$")).toList()) {
                    files++;
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = FORBIDDEN.matcher(lines.get(i));
                        if (m.find()) {
                            hits.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertTrue(files > 50, "the sources were found (" + files + " files)");
        assertEquals(List.of(), hits, "calls that change identity or capabilities");
    }

    @Test
    void thePatternCatchesWhatItMeansTo() {
        for (String bad : List.of("setuid(0);", "syscall(SYS_setuid, 0)", "setresuid(a, b, c)", "capset(h, d)",
                "prctl(PR_CAPBSET_DROP)", "new ProcessBuilder(\"sudo\", \"x\")", "setgid(0)")) {
            assertTrue(FORBIDDEN.matcher(bad).find(), bad);
        }
        for (String ok : List.of("settings", "onset(uid)", "CAP_SYS_NICE", "// run as root (sudo)")) {
            assertTrue(!FORBIDDEN.matcher(ok).find(), ok);
        }
    }
}
