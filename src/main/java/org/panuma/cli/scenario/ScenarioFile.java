package org.panuma.cli.scenario;

import org.panuma.spi.Printable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.panuma.engine.KernelProfile;
import org.panuma.engine.World;
import org.panuma.engine.model.AddressSpace;
import org.panuma.engine.model.Disturbances;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.MigrateOp;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.engine.scenario.Scenario;
import org.panuma.engine.scenario.ScenarioCall;
import org.panuma.engine.scenario.ScenarioResult;
import org.panuma.engine.scenario.ScenarioRunner;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * Reads a scenario file (format: docs/scenarios.md) into the engine: topology, timing, memory
 * cgroups, files, tasks with their VMAs and page states become a built simulated machine, and the
 * calls become {@link ScenarioCall}s with their addresses resolved. Parsing checks the JSON;
 * building checks the content and names the offending field. The engine itself reads no file and
 * knows no JSON.
 */
public final class ScenarioFile {
    /** A file is input: its size, nesting and strings are bounded before any of it is built ({@link ScenarioLimits}). */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(ScenarioLimits.MAX_FILE_BYTES)
                    .maxNestingDepth(ScenarioLimits.MAX_NESTING)
                    .maxStringLength(ScenarioLimits.MAX_STRING_CHARS)
                    .build())
            .build());

    private ScenarioFile() {
    }

    /** Reads and runs; {@code profile} (a name like "v6.1") overrides the file's, null keeps it. */
    public static ScenarioResult run(Reader json, String profile) {
        return ScenarioRunner.run(read(json, profile == null ? null : KernelProfile.byName(profile)));
    }

    /** Reads the file and builds its machine under {@code override}, or the file's profile when null (default v6.1). */
    public static Scenario read(Reader json, KernelProfile override) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ScenarioException("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException("a scenario is a JSON object");
        }
        if (!root.path("tasks").isArray() || !root.path("calls").isArray()) {
            throw new ScenarioException("a scenario needs \"tasks\" and \"calls\" arrays");
        }
        KernelProfile p = override != null ? override
                : root.hasNonNull("profile") ? KernelProfile.byName(root.get("profile").asText()) : KernelProfile.V6_1;
        List<String> modelled = profiles(root);
        if (!modelled.isEmpty() && !modelled.contains(p.id())) {
            throw new ScenarioException("scenario " + Printable.escape(root.path("name").asText("scenario")) + " models "
                    + Printable.escape(String.join(", ", modelled)) + " only (its \"profiles\"), not " + p.id());
        }
        long seed = root.path("seed").asLong(0);
        World w = build(root, p, seed);
        ScenarioLimits.check("calls (count)", root.get("calls").size(), 0, ScenarioLimits.MAX_CALLS);
        ScenarioLimits.Budget entries = new ScenarioLimits.Budget("move_pages entries", ScenarioLimits.MAX_TOTAL_ENTRIES);
        List<ScenarioCall> calls = new ArrayList<>();
        int index = 0;
        for (JsonNode call : root.get("calls")) {
            String what = call.path("syscall").asText("move_pages");
            if (what.equals("move_pages")) {
                calls.add(movePages(w, call, entries, "calls[" + index + "]"));
            } else if (what.equals("migrate_pages")) {
                int caller = call.path("caller").asInt(root.get("tasks").get(0).path("pid").asInt());
                int pid = call.path("pid").asInt(0);
                NodeSet from = parseNodes(call.path("from").asText(), "calls[" + index + "].from");
                NodeSet to = parseNodes(call.path("to").asText(), "calls[" + index + "].to");
                calls.add(new ScenarioCall.MigratePages(caller, pid, from, to, ScenarioEvents.parse(w.machine(), call,
                        "calls[" + index + "]", w.machine().task(pid == 0 ? caller : pid), -1)));
            } else {
                throw new ScenarioException("calls[" + index + "].syscall: unknown " + Printable.quote(what) + " (move_pages, migrate_pages)");
            }
            index++;
        }
        return new Scenario(root.path("name").asText("scenario"), seed, w, calls);
    }

    /**
     * The profiles a scenario file models, by id, from its {@code profiles} array; empty when it names
     * none (it then runs on every profile). Large folios, for one, mean nothing to the seeds.
     */
    public static List<String> profiles(Reader json) {
        try {
            return profiles(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new ScenarioException("not valid JSON: " + e.getMessage());
        }
    }

    private static List<String> profiles(JsonNode root) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : root.path("profiles")) {
            try {
                ids.add(KernelProfile.byName(n.asText()).id());
            } catch (IllegalArgumentException e) {
                throw new ScenarioException("profiles: " + e.getMessage());
            }
        }
        return ids;
    }

    private static World build(JsonNode root, KernelProfile p, long seed) {
        JsonNode topo = root.path("topology");
        JsonNode nodesJson = topo.path("nodes");
        long[] pages;
        boolean[] online;
        if (nodesJson.isArray() && nodesJson.size() > 0) {
            int span = 0;
            ScenarioLimits.Budget frames = new ScenarioLimits.Budget("pages on all nodes", ScenarioLimits.MAX_TOTAL_FRAMES);
            int ni = 0;
            for (JsonNode n : nodesJson) {
                String where = "topology.nodes[" + ni++ + "]";
                int id = (int) ScenarioLimits.check(where + ".id", n.path("id").asLong(), 0, ScenarioLimits.MAX_NODE_ID);
                frames.take(where + ".pages", ScenarioLimits.check(where + ".pages", n.path("pages").asLong(262144), 0,
                        ScenarioLimits.MAX_TOTAL_FRAMES));
                span = Math.max(span, id + 1);
            }
            pages = new long[span];
            online = new boolean[span];
            for (JsonNode n : nodesJson) {
                int id = n.path("id").asInt();
                pages[id] = n.path("pages").asLong(262144);
                online[id] = n.path("online").asBoolean(true);
            }
        } else {
            pages = new long[] {262144, 262144};
            online = new boolean[] {true, true};
        }
        int[] cpus;
        if (topo.path("cpus").isArray()) {
            cpus = new int[(int) ScenarioLimits.check("topology.cpus (count)", topo.get("cpus").size(), 0,
                    ScenarioLimits.MAX_CPUS)];
            for (int i = 0; i < cpus.length; i++) {
                cpus[i] = (int) ScenarioLimits.check("topology.cpus[" + i + "]", topo.get("cpus").get(i).asLong(), 0,
                        ScenarioLimits.MAX_NODE_ID);
            }
        } else {
            cpus = new int[pages.length];
            for (int i = 0; i < cpus.length; i++) {
                cpus[i] = i;
            }
        }
        JsonNode t = root.path("timing");
        Disturbances.Rates rates = new Disturbances.Rates(t.path("lockedByOther").asDouble(0), t.path("underWriteback").asDouble(0),
                t.path("transientRef").asDouble(0), t.path("lruCacheRace").asDouble(0));
        Nodes nodes = new Nodes(pages, online, cpus);
        int fi = 0;
        for (JsonNode n : nodesJson) {
            String where = "topology.nodes[" + fi++ + "].largestFreeBlock";
            if (n.hasNonNull("largestFreeBlock")) {
                long block = ScenarioLimits.check(where, n.get("largestFreeBlock").asLong(), 1, ScenarioLimits.MAX_TOTAL_FRAMES);
                if (Long.bitCount(block) != 1) {
                    throw new ScenarioException(where + ": " + block + " is not a power of two of pages");
                }
                nodes.fragment(n.path("id").asInt(), block);
            }
        }
        World w = new World(p, nodes, seed, rates, 1024);
        Map<String, Integer> memcgs = new HashMap<>();
        for (JsonNode cg : root.path("memcgs")) {
            memcgs.put(cg.path("name").asText(), w.machine().memcgs().add(cg.path("limitPages").asLong(Long.MAX_VALUE / 4)));
        }
        Map<String, AddressSpace> files = new HashMap<>();
        for (JsonNode f : root.path("files")) {
            AddressSpace as = w.newFile("shmem".equals(f.path("kind").asText()) ? AddressSpace.Kind.SHMEM : AddressSpace.Kind.FILE,
                    f.path("name").asText());
            as.migrateOp(migrateOp(f.path("migratepage").asText("migrate_page")));
            as.writepage(AddressSpace.Writepage.valueOf(f.path("writepage").asText("writes").toUpperCase()));
            as.releasesPrivate(f.path("releasesBuffers").asBoolean(true));
            files.put(as.name(), as);
        }
        Map<String, Vma> vmas = new HashMap<>();
        List<Runnable> populate = new ArrayList<>();
        int ti = 0;
        ScenarioLimits.check("tasks (count)", root.get("tasks").size(), 0, ScenarioLimits.MAX_TASKS);
        ScenarioLimits.Budget vmaPages = new ScenarioLimits.Budget("VMA pages", ScenarioLimits.MAX_TOTAL_VMA_PAGES);
        for (JsonNode tj : root.get("tasks")) {
            String where = "tasks[" + ti++ + "]";
            int pid = tj.path("pid").asInt(-1);
            if (pid <= 0) {
                throw new ScenarioException(where + ".pid: a positive pid is required");
            }
            if (tj.path("kernelThread").asBoolean(false)) {
                w.kernelThread(pid);
                continue;
            }
            int uid = tj.path("uid").asInt(1000);
            int gid = tj.path("gid").asInt(uid);
            Task.Credentials cred = new Task.Credentials(uid, tj.path("euid").asInt(uid), tj.path("suid").asInt(uid),
                    gid, tj.path("egid").asInt(gid), tj.path("sgid").asInt(gid), tj.path("capSysNice").asBoolean(false),
                    tj.path("capSysPtrace").asBoolean(false), tj.path("dumpable").asBoolean(true));
            NodeSet mems = tj.hasNonNull("memsAllowed") ? parseNodes(tj.get("memsAllowed").asText(), where + ".memsAllowed")
                    : w.machine().nodes().withMemorySet();
            Integer cg = tj.hasNonNull("memcg") ? memcgs.get(tj.get("memcg").asText()) : null;
            if (tj.hasNonNull("memcg") && cg == null) {
                throw new ScenarioException(where + ".memcg: no memcg named " + tj.get("memcg").asText());
            }
            Task task = w.process(pid, cred, mems, tj.path("cpu").asInt(0), cg == null ? -1 : cg);
            int vi = 0;
            for (JsonNode vj : tj.path("vmas")) {
                String vw = where + ".vmas[" + vi++ + "]";
                Vma v = buildVma(w, task, vj, vw, vmas, files, vmaPages);
                vmas.put(pid + ":" + v.name().replaceAll("@.*", ""), v);
                if (!vj.hasNonNull("sharesWith")) {
                    populate.add(() -> populate(w, task, v, vj, vw));
                }
            }
        }
        populate.forEach(Runnable::run);
        return w;
    }

    private static MigrateOp migrateOp(String s) {
        switch (s) {
            case "migrate_page": return MigrateOp.MIGRATE_PAGE;
            case "buffer_migrate_page": return MigrateOp.BUFFER_MIGRATE_PAGE;
            case "fail_migrate_page": return MigrateOp.FAIL_MIGRATE_PAGE;
            case "none": return MigrateOp.NONE;
            default: throw new ScenarioException("files[].migratepage: unknown " + Printable.quote(s)
                    + " (migrate_page, buffer_migrate_page, fail_migrate_page, none)");
        }
    }

    private static Vma buildVma(World w, Task task, JsonNode vj, String where, Map<String, Vma> vmas,
                                Map<String, AddressSpace> files, ScenarioLimits.Budget vmaPages) {
        String name = vj.path("name").asText("vma");
        long start = parseLong(vj.path("start").asText("0"), where + ".start");
        if (vj.hasNonNull("sharesWith")) {
            Vma with = vmas.get(vj.get("sharesWith").asText());
            if (with == null) {
                throw new ScenarioException(where + ".sharesWith: no VMA " + Printable.quote(vj.get("sharesWith").asText())
                        + " declared before (write it as pid:name)");
            }
            return w.share(task, with, start);
        }
        int pages = (int) ScenarioLimits.check(where + ".pages", vj.path("pages").asLong(0), 0,
                ScenarioLimits.MAX_TOTAL_VMA_PAGES);
        vmaPages.take(where + ".pages", pages);
        int flags = 0;
        for (JsonNode f : vj.path("flags")) {
            switch (f.asText()) {
                case "VM_IO": flags |= Vma.VM_IO; break;
                case "VM_PFNMAP": flags |= Vma.VM_PFNMAP; break;
                case "VM_HUGETLB": flags |= Vma.VM_HUGETLB; break;
                case "VM_LOCKED": flags |= Vma.VM_LOCKED; break;
                case "VM_SHARED": flags |= Vma.VM_SHARED; break;
                case "VM_RESERVED":
                    if (!w.profile().isSeed()) {
                        throw new ScenarioException(where + ".flags: VM_RESERVED does not exist in " + w.profile().id()
                                + " (removed in 3.7)");
                    }
                    flags |= Vma.VM_RESERVED;
                    break;
                case "VM_NONLINEAR":
                    if (!w.profile().isSeed()) {
                        throw new ScenarioException(where + ".flags: VM_NONLINEAR does not exist in " + w.profile().id()
                                + " (remap_file_pages emulates it since 4.0)");
                    }
                    if (!"file".equals(vj.path("kind").asText("anon"))) {
                        throw new ScenarioException(where + ".flags: VM_NONLINEAR needs a file VMA (\"kind\": \"file\")");
                    }
                    flags |= Vma.VM_NONLINEAR;
                    break;
                default: throw new ScenarioException(where + ".flags: unknown " + f.asText());
            }
        }
        String kind = vj.path("kind").asText("anon");
        Vma v;
        if (kind.equals("anon")) {
            v = w.anon(task, name, start, pages, flags);
        } else {
            AddressSpace file = files.get(vj.path("file").asText());
            if (file == null) {
                throw new ScenarioException(where + ".file: declare the file under \"files\" first");
            }
            v = w.file(task, name, file, start, pages, vj.path("pgoff").asInt(0), flags);
        }
        if (vj.has("vmOpsMigrate")) {
            JsonNode rc = vj.get("vmOpsMigrate");
            if (!w.profile().isSeed()) {
                throw new ScenarioException(where + ".vmOpsMigrate: vm_ops->migrate (migrate_vmas) does not exist in "
                        + w.profile().id() + "; only the seed profiles call it");
            }
            if (!rc.isIntegralNumber() || !rc.canConvertToInt()) {
                throw new ScenarioException(where + ".vmOpsMigrate: " + Printable.quote(rc.asText(rc.toString()))
                        + " is not what a migrate method returns (0 or a negative errno, e.g. -5)");
            }
            v.setVmOpsMigrate((int) ScenarioLimits.check(where + ".vmOpsMigrate", rc.asLong(), -4095, Integer.MAX_VALUE));
        }
        return v;
    }

    private static void populate(World w, Task task, Vma v, JsonNode vj, String where) {
        Machine m = w.machine();
        int ri = 0;
        for (JsonNode pj : vj.path("populate")) {
            String pw = where + ".populate[" + ri++ + "]";
            int first = (int) ScenarioLimits.check(pw + ".page", pj.path("page").asLong(0), 0, v.pages());
            int count = (int) ScenarioLimits.check(pw + ".count", pj.path("count").asLong(1), 0, v.pages() - first);
            String state = pj.path("state").asText("present");
            int node = pj.path("node").asInt(0);
            int flags = 0;
            for (JsonNode f : pj.path("flags")) {
                flags |= pageFlag(f.asText(), pw, m.profile());
            }
            int step = PageFlags.has(flags, PageFlags.THP | PageFlags.HUGETLB) ? PageFlags.HUGE_PAGES : 1;
            if (pj.hasNonNull("folioPages")) {
                step = folioPages(pj.get("folioPages").asLong(), flags, pw, m.profile());
            }
            for (int s = first; s < first + count; s += step) {
                if (s < 0 || s >= v.pages()) {
                    throw new ScenarioException(pw + ": page " + s + " is outside " + v);
                }
                if (v.pte(s) != org.panuma.engine.model.Pte.NONE) {
                    throw new ScenarioException(pw + ": page " + s + " of " + v.name() + " is populated twice");
                }
                switch (state) {
                    case "untouched": break;
                    case "zero": m.mapZeroPage(v, s); break;
                    case "swapped": m.mapSwapEntry(v, s); break;
                    case "migration": {
                        int pfn = w.touch(task, v, s, node, 0, flags);
                        v.setPte(s, org.panuma.engine.model.Pte.migration(pfn, true));
                        break;
                    }
                    case "present": {
                        long data = pj.hasNonNull("data") ? pj.get("data").asLong() : v.address(s) * 31 + 7;
                        int pfn = step > 1 && step < PageFlags.HUGE_PAGES ? largeFolio(w, task, v, s, node, data, step, pw)
                                : w.touch(task, v, s, node, data, flags);
                        if (pfn < 0) {
                            throw new ScenarioException(pw + ": node " + node + " is full or has no memory");
                        }
                        boolean inCache = pj.path("inLruCache").asBoolean(false);
                        if (!inCache) {
                            m.lruCaches().settle(m);
                        }
                        int passes = passes(pj.path("extraRefPasses"));
                        if (pj.path("extraRefs").asInt(0) > 0) {
                            m.disturbances().holdRefs(m.frames(), pfn, pj.get("extraRefs").asInt(), passes);
                        }
                        if (pj.hasNonNull("lockedPasses")) {
                            m.disturbances().holdLock(m.frames(), pfn, passes(pj.get("lockedPasses")));
                        }
                        if (pj.hasNonNull("writebackPasses")) {
                            m.disturbances().holdWriteback(m.frames(), pfn, passes(pj.get("writebackPasses")));
                        }
                        break;
                    }
                    default:
                        throw new ScenarioException(pw + ".state: unknown " + Printable.quote(state) + " (present, untouched, zero, swapped, migration)");
                }
            }
        }
    }

    private static int passes(JsonNode n) {
        if (n.isMissingNode() || n.isNull() || "forever".equals(n.asText())) {
            return Disturbances.FOREVER;
        }
        return n.asInt();
    }

    /** A populate entry's {@code folioPages}: 512 (a THP) or a multi-size THP of 2 to 256 pages, with flag THP. */
    private static int folioPages(long pages, int flags, String where, KernelProfile p) {
        if (!PageFlags.has(flags, PageFlags.THP)) {
            throw new ScenarioException(where + ".folioPages: a large folio needs \"flags\": [\"THP\"]");
        }
        if (pages < 2 || pages > PageFlags.HUGE_PAGES || Long.bitCount(pages) != 1) {
            throw new ScenarioException(where + ".folioPages: " + pages + " is not a folio size (2 to 512 pages, a power of two)");
        }
        if (pages < PageFlags.HUGE_PAGES && p != KernelProfile.V6_12) {
            throw new ScenarioException(where + ".folioPages: multi-size THP (" + pages + " pages) is modelled by v6.12, not " + p.id());
        }
        return (int) pages;
    }

    private static int largeFolio(World w, Task task, Vma v, int slot, int node, long data, int pages, String where) {
        try {
            return w.touchLargeFolio(task, v, slot, node, data, pages);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where + ": " + e.getMessage());
        }
    }

    private static int pageFlag(String name, String where, KernelProfile p) {
        switch (name) {
            case "DIRTY": return PageFlags.DIRTY;
            case "PRIVATE": case "BUFFERS": return PageFlags.PRIVATE;
            case "ACTIVE": return PageFlags.ACTIVE;
            case "REFERENCED": return PageFlags.REFERENCED;
            case "SWAPCACHE": return PageFlags.SWAPCACHE;
            case "THP":
            case "HUGETLB":
            case "ZONE_DEVICE":
                if (p.isSeed() && !name.equals("HUGETLB")) {
                    throw new ScenarioException(where + ".flags: " + name + " does not exist in " + p.id());
                }
                return name.equals("THP") ? PageFlags.THP : name.equals("HUGETLB") ? PageFlags.HUGETLB : PageFlags.ZONE_DEVICE;
            default: throw new ScenarioException(where + ".flags: unknown page flag " + name);
        }
    }

    static NodeSet parseNodes(String list, String where) {
        if (list == null || list.isBlank()) {
            return NodeSet.empty();
        }
        List<Integer> ids = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String[] r = part.trim().split("-", -1);
            if (r.length > 2 || !asciiDigits(r[0].trim()) || (r.length == 2 && !asciiDigits(r[1].trim()))) {
                throw new ScenarioException(where + ": " + Printable.quote(list) + " is not a node list like 0-1,3");
            }
            int a = nodeId(r[0].trim(), where);
            int b = r.length > 1 ? nodeId(r[1].trim(), where) : a;
            for (int i = a; i <= b; i++) {
                ids.add(i);
            }
        }
        return NodeSet.of(ids.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean asciiDigits(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int nodeId(String s, String where) {
        return (int) ScenarioLimits.check(where + ": node", Long.parseLong(s), 0, ScenarioLimits.MAX_NODE_ID);
    }

    static long parseLong(String s, String where) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ScenarioException(where + ": " + Printable.quote(s) + " is not a number (decimal or 0x hex)");
        }
    }

    private static ScenarioCall.MovePages movePages(World w, JsonNode call, ScenarioLimits.Budget budget, String where) {
        Machine m = w.machine();
        int caller = call.path("caller").asInt(m.tasks().iterator().next().pid());
        int pid = call.path("pid").asInt(0);
        Task target = pid == 0 ? m.task(caller) : m.task(pid);
        List<Long> addrs = new ArrayList<>();
        for (JsonNode pj : call.path("pages")) {
            if (pj.isTextual() || pj.isNumber()) {
                budget.take(where + ".pages", 1);
                addrs.add(parseLong(pj.asText(), "calls[].pages"));
                continue;
            }
            Vma v = target == null || target.mm() == null ? null : target.mm().vmas().stream()
                    .filter(x -> x.name().equals(pj.path("vma").asText())).findFirst().orElse(null);
            if (v == null) {
                throw new ScenarioException("calls[].pages: no VMA " + Printable.quote(pj.path("vma").asText()) + " in the target");
            }
            int first = (int) ScenarioLimits.check(where + ".pages[].page", pj.path("page").asLong(0), 0, v.pages());
            int count = (int) ScenarioLimits.check(where + ".pages[].count", pj.path("count").asLong(1), 0,
                    v.pages() - first);
            budget.take(where + ".pages", count);
            for (int s = first; s < first + count; s++) {
                addrs.add(v.address(s));
            }
        }
        long[] pages = addrs.stream().mapToLong(Long::longValue).toArray();
        int[] nodes = null;
        if (call.has("nodes")) {
            JsonNode nj = call.get("nodes");
            nodes = new int[pages.length];
            for (int i = 0; i < pages.length; i++) {
                nodes[i] = nj.isArray() ? nj.get(Math.min(i, nj.size() - 1)).asInt() : nj.asInt();
            }
        }
        int flags = 0;
        for (JsonNode f : call.path("flags")) {
            flags |= f.asText().equals("MPOL_MF_MOVE_ALL") ? Mpol.MPOL_MF_MOVE_ALL
                    : f.asText().equals("MPOL_MF_MOVE") ? Mpol.MPOL_MF_MOVE : f.asInt();
        }
        long count = call.hasNonNull("count") ? call.get("count").asLong() : pages.length;
        return new ScenarioCall.MovePages(caller, pid, count, pages, nodes, flags,
                ScenarioEvents.parse(m, call, where, target, pages.length));
    }
}
