package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.opentest4j.AssertionFailedError;
import org.panuma.fuzz.Bounded;
import org.panuma.fuzz.FuzzTally;
import org.panuma.fuzz.Mutations;
import org.panuma.spi.IdListParser;

/**
 * The /proc parsers (maps, smaps, numa_maps, cmdline) on real files captured from live processes,
 * damaged in generated ways, and on arbitrary text. Each case must end in a value that makes
 * sense (sizes and node ids not negative, ranges not backwards) or in the documented
 * IllegalArgumentException whose message names the line; never another exception, never a loop
 * (a per-case deadline), never a heap blow-up (an allocation budget per input character).
 */
class ProcParsersFuzzTest {
    static final FuzzTally TALLY = new FuzzTally("proc-parsers");
    /**
     * Generous on purpose: it catches a parser that never ends, not a slow one. A 4 MB smaps
     * parses in under a second on an idle 2-core machine, but took over 5 s on the Java 17 leg of
     * a CI-like run with QEMU guests busy beside it. Linearity is checked by the entry counts and
     * the allocation budget, not by the clock.
     */
    static final Bounded BOUNDED = new Bounded(60_000);

    @AfterContainer
    static void report() {
        TALLY.write();
        BOUNDED.close();
    }

    // ---- maps ----

    @Property(tries = 3000)
    void maps_mutatedRealFiles_parseToSaneEntriesOrAreRejected(@ForAll("mutatedMaps") String text) {
        check("maps", text, () -> MapsParser.parse(text), entries -> entries.forEach(ProcParsersFuzzTest::saneMapping));
    }

    @Property(tries = 1500)
    void maps_anyText_parsesOrIsRejected(@ForAll("anything") String text) {
        check("maps-any", text, () -> MapsParser.parse(text), entries -> entries.forEach(ProcParsersFuzzTest::saneMapping));
    }

    @Provide
    Arbitrary<String> mutatedMaps() {
        return Arbitraries.oneOf(Mutations.of(Fixtures.text("c-target.maps"), 8),
                Mutations.of(Fixtures.text("thp-hugetlb.maps"), 8));
    }

    // ---- smaps ----

    @Property(tries = 3000)
    void smaps_mutatedRealFiles_parseToSaneEntriesOrAreRejected(@ForAll("mutatedSmaps") String text) {
        check("smaps", text, () -> SmapsParser.parse(text), entries -> {
            for (SmapsEntry e : entries) {
                saneMapping(e.mapping());
                for (long size : new long[] {e.kernelPageSize(), e.rss(), e.anonHugePages(), e.swap(), e.hugetlb()}) {
                    assertTrue(size >= 0, "a negative size " + size + " in " + e);
                }
            }
        });
    }

    @Property(tries = 1500)
    void smaps_anyText_parsesOrIsRejected(@ForAll("anything") String text) {
        check("smaps-any", text, () -> SmapsParser.parse(text), entries -> { });
    }

    @Provide
    Arbitrary<String> mutatedSmaps() {
        return Arbitraries.oneOf(Mutations.of(Fixtures.text("c-target.smaps"), 8),
                Mutations.of(Fixtures.text("thp-hugetlb.smaps"), 8));
    }

    // ---- numa_maps ----

    @Property(tries = 3000)
    void numaMaps_mutatedRealFiles_parseToSaneEntriesOrAreRejected(@ForAll("mutatedNumaMaps") String text) {
        check("numa_maps", text, () -> NumaMapsParser.parse(text), entries -> {
            for (NumaMapsEntry e : entries) {
                assertFalse(e.policy().isEmpty(), "an empty policy in " + e);
                assertTrue(e.kernelPageSize() >= 0, "a negative page size in " + e);
                for (Map.Entry<Integer, Long> n : e.pagesByNode().entrySet()) {
                    assertTrue(n.getKey() >= 0 && n.getValue() >= 0, "node " + n.getKey() + " with " + n.getValue()
                            + " pages in " + e);
                }
            }
        });
    }

    @Property(tries = 1500)
    void numaMaps_anyText_parsesOrIsRejected(@ForAll("anything") String text) {
        check("numa_maps-any", text, () -> NumaMapsParser.parse(text), entries -> { });
    }

    @Provide
    Arbitrary<String> mutatedNumaMaps() {
        return Arbitraries.oneOf(Mutations.of(Fixtures.text("c-target.numa_maps"), 8),
                Mutations.of(Fixtures.text("thp-hugetlb.numa_maps"), 8),
                Mutations.of(Fixtures.text("policies.numa_maps"), 8));
    }

    // ---- cmdline ----

    @Property(tries = 2000)
    void cmdline_anyBytes_neverThrowsAndSplitsAtNuls(@ForAll("cmdlineBytes") byte[] raw) {
        check("cmdline", new String(raw, StandardCharsets.ISO_8859_1), () -> Cmdline.parse(raw), args -> {
            int nuls = 0;
            for (byte b : raw) {
                nuls += b == 0 ? 1 : 0;
            }
            // "a\0b\0" is two arguments; "a\0b" too (a last one without its NUL).
            boolean tail = raw.length > 0 && raw[raw.length - 1] != 0;
            assertEquals(nuls + (tail ? 1 : 0), args.size(), "arguments of " + args);
            args.forEach(a -> assertFalse(a.contains("\0"), "a NUL inside argument '" + a + "'"));
        }, false);
    }

    @Property(tries = 1000)
    void cmdline_argumentsWrittenAsTheKernelDoes_roundTrip(@ForAll("arguments") List<String> args) {
        StringBuilder sb = new StringBuilder();
        args.forEach(a -> sb.append(a).append('\0'));
        byte[] raw = sb.toString().getBytes(StandardCharsets.UTF_8);
        check("cmdline-roundtrip", sb.toString(), () -> Cmdline.parse(raw), parsed -> assertEquals(args, parsed), false);
    }

    @Provide
    Arbitrary<byte[]> cmdlineBytes() {
        Arbitrary<byte[]> mutated = Mutations.of(Fixtures.text("c-target.cmdline"), 6)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(mutated, random);
    }

    @Provide
    Arbitrary<List<String>> arguments() {
        return Arbitraries.strings().all().excludeChars('\0').ofMaxLength(30)
                .filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)))
                .list().ofMaxSize(12);
    }

    // ---- stat(5): process identity and a thread's last CPU, one parser ----

    @Property(tries = 3000)
    void stat_mutatedRealLines_parseToSaneFieldsOrAreRejected(@ForAll("mutatedStat") String text) {
        check("stat-identity", text, () -> ProcStatParser.parse(text), s -> {
            assertTrue(s.pid() >= 0 && s.ppid() >= 0 && s.startTime() >= 0, s.toString());
        });
        check("stat-lastcpu", text, () -> ProcStatParser.lastCpu(text),
                cpu -> assertTrue(cpu >= 0 && cpu <= IdListParser.MAX_ID, "cpu " + cpu));
    }

    @Property(tries = 1000)
    void stat_anyText_parsesOrIsRejected(@ForAll("anything") String text) {
        check("stat-identity-any", text, () -> ProcStatParser.parse(text), s -> { });
        check("stat-lastcpu-any", text, () -> ProcStatParser.lastCpu(text), cpu -> { });
    }

    @Provide
    Arbitrary<String> mutatedStat() {
        return Mutations.of(ProcStatParserTest.CAT, 6);
    }

    // ---- size: linear time and memory on big inputs ----

    @Property(tries = 30)
    void allParsers_bigRealInputs_stayWithinTimeAndMemoryBudgets(@ForAll @IntRange(min = 1, max = 200) int copies) {
        for (String[] file : new String[][] {{"maps", "c-target.maps"}, {"smaps", "c-target.smaps"},
                {"numa_maps", "c-target.numa_maps"}}) {
            String one = Fixtures.text(file[1]);
            String big = (one.endsWith("\n") ? one : one + "\n").repeat(copies);
            Callable<List<?>> parse = switch (file[0]) {
                case "maps" -> () -> MapsParser.parse(big);
                case "smaps" -> () -> SmapsParser.parse(big);
                default -> () -> NumaMapsParser.parse(big);
            };
            check("big-" + file[0], big, parse, entries -> assertEquals(0, entries.size() % copies,
                    entries.size() + " entries from " + copies + " copies"));
        }
    }

    @Property(tries = 60)
    void allParsers_oneHugeLine_areRejectedOrParsedWithinBudgets(@ForAll @IntRange(min = 1, max = 300_000) int length,
                                                                  @ForAll("fillers") String filler) {
        String line = filler.repeat(length / filler.length() + 1).substring(0, length);
        check("huge-line-maps", line, () -> MapsParser.parse(line), e -> { });
        check("huge-line-smaps", line, () -> SmapsParser.parse(line), e -> { });
        check("huge-line-numa_maps", line, () -> NumaMapsParser.parse(line), e -> { });
    }

    @Provide
    Arbitrary<String> fillers() {
        return Arbitraries.of("0", "a", " ", "-", "\n", "N0=", "7f00-7f01 rw-p 0 0:0 0 ", "Rss: ", "\\1",
                "\u0000", "\n\n\n ", "kernelpagesize_kB=4 ");
    }

    @Provide
    Arbitrary<String> anything() {
        return Mutations.anything();
    }

    // ---- the contract every case is held to ----

    static void saneMapping(MapsEntry m) {
        assertNotNull(m.kind());
        assertEquals(4, m.perms().length(), "perms " + m.perms());
        assertTrue(Long.compareUnsigned(m.start(), m.end()) <= 0, "backwards " + m);
    }

    private static <T> void check(String property, String text, Callable<T> parse, Consumer<T> sane) {
        check(property, text, parse, sane, true);
    }

    /**
     * Runs one case within the budgets; it must return a sane value or (when {@code mayReject})
     * throw IllegalArgumentException with a message naming the line.
     */
    private static <T> void check(String property, String text, Callable<T> parse, Consumer<T> sane,
                                  boolean mayReject) {
        Bounded.Outcome<T> o = BOUNDED.run(text, text.length(), parse);
        if (o.thrown() == null) {
            sane.accept(o.value());
            TALLY.count(property, false);
            return;
        }
        if (!mayReject || !(o.thrown() instanceof IllegalArgumentException)) {
            throw new AssertionFailedError("not the documented IllegalArgumentException for "
                    + Bounded.abbreviate(text), o.thrown());
        }
        String message = o.thrown().getMessage();
        if (message == null || !message.contains("line ")) {
            throw new AssertionFailedError("a rejection that does not name the line: " + message + " for "
                    + Bounded.abbreviate(text), o.thrown());
        }
        TALLY.count(property, true);
    }

}
