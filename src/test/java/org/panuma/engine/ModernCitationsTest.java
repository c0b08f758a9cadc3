package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The engine cites the modern kernels by version, file and function: {@code [6.12 mm/mempolicy.c
 * do_mbind]} says that mm/mempolicy.c of 6.12 defines do_mbind (a syscall by its name:
 * {@code [6.12 mm/mempolicy.c mbind]} is SYSCALL_DEFINE6(mbind, ...)). Every such citation in
 * src/main/java/org/panuma/engine must name a function that file of that version defines, as
 * listed in kernel-functions.txt (generated from the kernel trees by scripts/gen-kernel-functions,
 * which names the releases it read).
 */
class ModernCitationsTest {
    static final Pattern CITATION = Pattern.compile("\\[(\\d+\\.\\d+) ((?:mm|fs|include)/[\\w/.-]+\\.[ch]) ([A-Za-z_]\\w*)\\]");
    /** Fewer would mean the engine stopped citing the modern kernels, not that it cites them right. */
    static final int AT_LEAST = 20;

    @Test
    void everyModernCitation_namesAFunctionThatFileOfThatVersionDefines() throws IOException {
        Set<String> defined = new HashSet<>();
        try (InputStream in = ModernCitationsTest.class.getResourceAsStream("kernel-functions.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    defined.add(line.strip());
                }
            }
        }
        List<EngineCitations.Citation> citations = EngineCitations.find(CITATION);
        List<String> wrong = new ArrayList<>();
        for (EngineCitations.Citation c : citations) {
            MatchResult m = c.match();
            String key = m.group(1) + " " + m.group(2) + " " + m.group(3);
            if (!defined.contains(key)) {
                wrong.add(c.where() + " " + m.group() + ": " + m.group(2) + " of " + m.group(1) + " defines no "
                        + m.group(3));
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(citations.size() >= AT_LEAST, "only " + citations.size() + " modern-kernel citations in the engine");
    }
}
