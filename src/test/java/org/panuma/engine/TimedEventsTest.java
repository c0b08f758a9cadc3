package org.panuma.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.panuma.cli.scenario.ScenarioException;
import org.panuma.engine.scenario.ScenarioResult;
import org.panuma.cli.scenario.ScenarioFile;

/**
 * Timed events reach the branches of unmap_and_move that need another thread: the page freed
 * under us, 2.6.27's !page->mapping (and 2.6.19's oops without it), a lock or writeback that ends
 * between passes, a reference put before a later pass.
 */
class TimedEventsTest {
    private static ScenarioResult run(String example, KernelProfile p) throws IOException {
        return ScenarioFile.run(new StringReader(Files.readString(Path.of("examples/scenarios", example))), p.id());
    }

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void pageFreedUnderUs_statusIsTheTargetNode_thoughNothingWasCopied(KernelProfile p) throws IOException {
        ScenarioResult.CallOutcome c = run("events-mid-call.json", p).calls().get(0);
        assertEquals(0, c.returnValue());
        ScenarioResult.Entry freed = c.entries().get(0);
        assertEquals(1, freed.status(), freed.reason());
        assertEquals(1, freed.pass());
        assertTrue(freed.reason().contains("refcount 1: the page was freed under us"), freed.reason());
        assertTrue(!freed.reason().contains("moved to node"), freed.reason());
        assertEquals(1, c.entries().get(1).status());
        // 2.6.19/2.6.27 leave the freed page on the list (rc 0 without list_del): not counted; 6.x counts it migrated.
        assertEquals(p.isSeed() ? 1L : 2L, c.vmstat().get("pgmigrate_success"));
        ScenarioResult.CallOutcome query = run("events-mid-call.json", p).calls().get(3);
        assertEquals(p == KernelProfile.V6_1 ? -14 : -2, query.entries().get(0).status(), "the freed page is gone from the heap");
    }

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void lockAndWriteback_endingBetweenPasses_letThePageMoveInThatPass(KernelProfile p) throws IOException {
        ScenarioResult.CallOutcome c = run("events-mid-call.json", p).calls().get(1);
        assertEquals(0, c.returnValue());
        assertEquals(1, c.entries().get(0).status());
        assertEquals(2, c.entries().get(0).pass(), "unlocked before pass 2");
        assertEquals(1, c.entries().get(1).status());
        assertEquals(3, c.entries().get(1).pass(), "written back before pass 3");
        assertTrue(c.entries().get(1).reason().contains("passes 1-2 " + (p.isSeed() ? "unmap_and_move" : "__unmap_and_move")
                + ": page under writeback"), c.entries().get(1).reason());
    }

    @ParameterizedTest
    @EnumSource(KernelProfile.class)
    void referencePutBeforePass4_theMoveMappingSucceedsThen(KernelProfile p) throws IOException {
        ScenarioResult.Entry e = run("events-mid-call.json", p).calls().get(2).entries().get(0);
        assertEquals(1, e.status());
        assertEquals(4, e.pass());
        assertTrue(e.reason().contains("passes 1-3 migrate_page_move_mapping: refcount 3, expected 1"), e.reason());
    }

    @ParameterizedTest
    @EnumSource(value = KernelProfile.class, names = {"V2_6_27", "V6_1", "V6_12"})
    void truncatedWhileIsolated_noMapping_buffersFreedAndRetried_thenFreedUnderUs(KernelProfile p) throws IOException {
        ScenarioResult r = run("truncated-while-isolated.json", p);
        ScenarioResult.Entry e = r.calls().get(1).entries().get(0);
        assertEquals(0, r.calls().get(1).returnValue());
        assertEquals(1, e.status());
        assertEquals(2, e.pass());
        assertTrue(e.reason().contains(p.isSeed() ? "pass 1 unmap_and_move: page has no mapping"
                : "pass 1 __unmap_and_move: page has no mapping but private data: buffers freed, retried"), e.reason());
        assertTrue(e.reason().contains("pass 2 unmap_and_move: refcount 1: the page was freed under us"), e.reason());
        ScenarioResult.Entry held = r.calls().get(2).entries().get(0);
        assertEquals(1, held.status());
        assertEquals(5, held.pass(), "retried while someone held a reference, freed under us once it was put");
    }

    @Test
    void truncatedWhileIsolated_on2619_oopsesInTryToUnmap_andNoLaterCallRuns() throws IOException {
        ScenarioResult r = run("truncated-while-isolated.json", KernelProfile.V2_6_19);
        assertEquals(2, r.calls().size());
        ScenarioResult.CallOutcome c = r.calls().get(1);
        assertNotNull(c.oops());
        assertTrue(c.oops().contains("try_to_unmap") && c.oops().contains("page->mapping is NULL"), c.oops());
        assertTrue(c.notes().contains("the 2 later call(s) did not run: the kernel oopsed"), c.notes().toString());
        assertTrue(org.panuma.cli.scenario.ScenarioJson.toJson(r).get("calls").get(1).has("oops"));
        assertNull(r.calls().get(0).oops());
    }

    @Test
    void anEventWhoseMomentNeverComes_isReportedAsNotFired() {
        ScenarioResult r = ScenarioFile.run(new StringReader(scenario(
                "{\"beforePass\": 3, \"action\": \"lock\", \"vma\": \"heap\", \"page\": 0}")), null);
        assertEquals(1, r.calls().get(0).entries().get(0).status());
        assertTrue(r.calls().get(0).notes().contains("calls[0].events[0] (lock heap page 0) did not fire: the call ended"
                + " before migrate_pages' pass 3"), r.calls().get(0).notes().toString());
    }

    @Test
    void eventsOnMigratePages_fireBeforeItsPasses() {
        String json = scenario("{\"afterEntry\": 0, \"action\": \"get\", \"vma\": \"heap\", \"page\": 0}")
                .replace("\"calls\": [{\"syscall\": \"move_pages\", \"caller\": 100, \"pid\": 0, \"pages\": [{\"vma\": \"heap\", \"page\": 0}],"
                        + " \"nodes\": 1,", "\"calls\": [{\"syscall\": \"migrate_pages\", \"caller\": 100, \"pid\": 0, \"from\": \"0\", \"to\": \"1\",");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioFile.run(new StringReader(json), null));
        assertEquals("calls[0].events[0].afterEntry: migrate_pages has no entries; use \"beforePass\"", e.getMessage());
        String pinned = json.replace("\"afterEntry\": 0, \"action\": \"get\"", "\"beforePass\": 1, \"action\": \"get\"");
        ScenarioResult r = ScenarioFile.run(new StringReader(pinned), null);
        assertEquals(1, r.calls().get(0).returnValue(), "the page pinned before pass 1 is the one page not migrated");
    }

    private static String scenario(String event) {
        return "{\"topology\": {\"nodes\": [{\"id\": 0, \"pages\": 64}, {\"id\": 1, \"pages\": 64}]}, \"tasks\": [{\"pid\": 100,"
                + " \"vmas\": [{\"name\": \"heap\", \"start\": \"0x10000000\", \"pages\": 4, \"populate\": [{\"page\": 0,"
                + " \"count\": 2, \"node\": 0}]}]}], \"calls\": [{\"syscall\": \"move_pages\", \"caller\": 100, \"pid\": 0,"
                + " \"pages\": [{\"vma\": \"heap\", \"page\": 0}], \"nodes\": 1, \"events\": [" + event + "]}]}";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"beforePass\": 2, \"afterEntry\": 0, \"action\": \"lock\", \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0]: give exactly one of \"beforePass\" (1 to 10) and \"afterEntry\" (an entry index)",
        "{\"action\": \"lock\", \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0]: give exactly one of \"beforePass\"",
        "{\"beforePass\": 11, \"action\": \"lock\", \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].beforePass: 11 is out of range (1 to 10)",
        "{\"beforePass\": \"two\", \"action\": \"lock\", \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].beforePass: 'two' is not a whole number",
        "{\"afterEntry\": 1, \"action\": \"lock\", \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].afterEntry: 1 is out of range (0 to 0)",
        "{\"afterEntry\": 0, \"action\": \"explode\", \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].action: unknown 'explode' (free, unmap, truncate, lock, unlock, startWriteback,"
            + " endWriteback, get, put)",
        "{\"afterEntry\": 0, \"action\": \"lock\", \"refs\": 2, \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].refs: only \"get\" and \"put\" take refs, not 'lock'",
        "{\"afterEntry\": 0, \"action\": \"get\", \"refs\": 0, \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].refs: 0 is out of range (1 to 1024)",
        "{\"afterEntry\": 0, \"action\": \"lock\", \"vma\": \"stack\", \"page\": 0}"
            + "|calls[0].events[0].vma: no VMA 'stack' in pid 100",
        "{\"afterEntry\": 0, \"action\": \"lock\", \"vma\": \"heap\", \"page\": 4}"
            + "|calls[0].events[0].page: 4 is out of range (0 to 3)",
        "{\"afterEntry\": 0, \"action\": \"lock\", \"vma\": \"heap\", \"page\": 3}"
            + "|calls[0].events[0]: heap page 3 has no page when the call begins (never touched)",
        "{\"afterEntry\": 0, \"action\": \"truncate\", \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].action: truncate needs a file or shmem page; heap page 0 is anonymous",
        "{\"afterEntry\": 0, \"action\": \"lock\", \"pid\": 7, \"vma\": \"heap\", \"page\": 0}"
            + "|calls[0].events[0].pid: no task 7",
        "\"lock\"|calls[0].events[0]: an event is an object"
    })
    void badEventFields_areRefused_namingTheFieldAndValue(String caseText) {
        String[] c = caseText.split("\\|", 2);
        // Fields are checked as the file is read (ScenarioException); whether the address has a page, as the
        // call begins (IllegalArgumentException from the engine).
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> ScenarioFile.run(new StringReader(scenario(c[0])), null));
        assertTrue(e instanceof ScenarioException || e instanceof IllegalArgumentException, e.toString());
        assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
    }

    @Test
    void everyEventKeepsTheMachinesInvariants_acrossProfiles() {
        for (KernelProfile p : KernelProfile.values()) {
            for (String action : List.of("free", "unmap", "lock", "unlock", "startWriteback", "endWriteback", "get", "put")) {
                for (String when : List.of("\"afterEntry\": 0", "\"beforePass\": 1", "\"beforePass\": 2")) {
                    String json = scenario("{" + when + ", \"action\": \"" + action + "\", \"vma\": \"heap\", \"page\": 0},"
                            + " {\"afterEntry\": 0, \"action\": \"get\", \"vma\": \"heap\", \"page\": 1}");
                    // World checks its invariants around every call: a broken one throws ModelInvariantException.
                    ScenarioResult r = ScenarioFile.run(new StringReader(json), p.id());
                    assertEquals(1, r.calls().size(), p + " " + action + " " + when);
                }
            }
        }
    }
}
