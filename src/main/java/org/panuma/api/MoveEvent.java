package org.panuma.api;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event for one move of pages to a node, so that JDK Mission Control shows what panuma moved,
 * how long it took and why pages stayed. Recorded by {@link MoveEvents}.
 */
@Name("org.panuma.Move")
@Label("Page Move")
@Category({"panuma"})
@Description("Pages moved to a NUMA node with move_pages(2)")
class MoveEvent extends Event {
    @Label("Process")
    @Description("The process whose pages moved, 0 for this JVM")
    int pid;

    @Label("Target Node")
    int targetNode;

    @Label("Pages Requested")
    long pages;

    @Label("Bytes Requested")
    @DataAmount
    long bytes;

    @Label("Pages Moved")
    long moved;

    @Label("Pages Already There")
    long already;

    @Label("Pages Failed")
    @Description("Pages not on the target node afterwards")
    long failed;

    @Label("Failures by Reason")
    @Description("Failed pages per reason, e.g. \"EBUSY=2, EFAULT=1\"; empty when none failed")
    String failures;

    @Label("Stopped Early")
    boolean stoppedEarly;

    @Label("Backend")
    String backend;
}
