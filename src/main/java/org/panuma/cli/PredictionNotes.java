package org.panuma.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.TreeSet;
import org.panuma.api.PredictedMove;
import org.panuma.engine.KernelProfile;

/** What a prediction rests on: its certainty, the unreadable inputs and the guesses they forced. */
final class PredictionNotes {
    private PredictionNotes() {
    }

    static void print(PrintWriter out, PredictedMove p) {
        long n = p.status().length;
        long less = p.lessCertainPages();
        if (p.errno() != null) {
            out.printf("predicted: move_pages would fail for the whole call with %s (%s)%n", p.errno().name(),
                    p.errno().text());
        }
        if (p.approximate()) {
            out.printf("note: kernel %s lies between the modelled kernels; profile %s is the closest%n", p.release(),
                    p.profile());
        }
        if (less == 0) {
            out.printf("certainty: all %d prediction%s rest on inputs that were read%n", n, n == 1 ? "" : "s");
        } else {
            out.printf("certainty: %d of %d prediction%s less certain (marked * with --per-page)%n", less, n,
                    n == 1 ? " is" : "s are");
        }
        if (!p.unreadable().isEmpty()) {
            out.println("  unreadable: " + String.join(", ", new TreeSet<>(p.unreadable())));
        }
        for (String u : p.unknownFacts()) {
            out.println("  unknown: " + u);
        }
        if (less > 0) {
            out.println("  Fix: run as root (CAP_SYS_ADMIN) so pagemap shows PFNs and /proc/kpageflags and"
                    + " /proc/kpagecount can be read");
        }
    }

    static ObjectNode json(ObjectNode parent, PredictedMove p) {
        ObjectNode o = parent.putObject("prediction");
        o.put("profile", p.profile());
        o.put("kernel", p.release());
        ArrayNode checked = o.putArray("profileCheckedAgainst");
        KernelProfile.byName(p.profile()).checkedAgainst().forEach(checked::add);
        o.put("approximate", p.approximate());
        o.put("certain", p.lessCertainPages() == 0);
        o.put("lessCertainPages", p.lessCertainPages());
        if (p.errno() == null) {
            o.putNull("errno");
        } else {
            o.put("errno", p.errno().name());
        }
        ArrayNode unreadable = o.putArray("unreadable");
        new TreeSet<>(p.unreadable()).forEach(unreadable::add);
        ArrayNode unknown = o.putArray("unknown");
        p.unknownFacts().forEach(unknown::add);
        ObjectNode caller = o.putObject("caller");
        caller.put("mayPtrace", p.caller().mayPtrace());
        caller.put("capSysNice", p.caller().capSysNice());
        return o;
    }
}
