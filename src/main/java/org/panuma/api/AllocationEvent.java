package org.panuma.api;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for one node-bound allocation (mmap + mbind) by {@link NodeMemory}. */
@Name("org.panuma.Allocation")
@Label("Node-Bound Allocation")
@Category({"panuma"})
@Description("Off-heap memory mapped and bound to NUMA nodes with mbind(2)")
class AllocationEvent extends Event {
    @Label("Bytes")
    @DataAmount
    long bytes;

    @Label("Pages")
    long pages;

    @Label("Policy")
    @Description("The memory policy mode, e.g. BIND, INTERLEAVE, PREFERRED")
    String policy;

    @Label("Nodes")
    @Description("The nodes of the policy in the kernel's list syntax, e.g. \"0-1\"")
    String nodes;

    @Label("Backend")
    String backend;
}
