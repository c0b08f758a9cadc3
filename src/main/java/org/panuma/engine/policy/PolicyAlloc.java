package org.panuma.engine.policy;

import org.panuma.engine.KernelProfile;
import org.panuma.engine.model.Machine;
import org.panuma.engine.model.Mm;
import org.panuma.engine.model.Nodes;
import org.panuma.engine.model.PageFlags;
import org.panuma.engine.model.Policy;
import org.panuma.engine.model.Task;
import org.panuma.engine.model.Vma;
import org.panuma.spi.Mpol;

/**
 * Where a page of a VMA is allocated under its memory policy: vma_alloc_folio of mm/mempolicy.c
 * (6.1; 6.12 the same but for the interleave index, see {@link #interleaveNid}), used by page faults
 * and by mbind's new_page.
 *
 * <pre>
 * pol = get_vma_policy(vma, addr)     vma-&gt;vm_policy, else current-&gt;mempolicy, else default_policy (local)
 * MPOL_INTERLEAVE:       nid = interleave_nid(pol, vma, addr, shift); alloc_page_interleave(nid): nid's zonelist, any node
 * MPOL_WEIGHTED_INTERLEAVE (6.9): weighted_interleave_nid; with every weight at its default 1 the same node
 * MPOL_PREFERRED_MANY:   alloc_pages_preferred_many: local (or home node's) zonelist within pol-&gt;nodes, then any node
 * MPOL_PREFERRED:        policy_node = first_node(pol-&gt;nodes); its zonelist, any node
 * MPOL_BIND:             policy_nodemask = pol-&gt;nodes; local (or home node's) zonelist within them, nowhere else
 * MPOL_LOCAL / default:  local zonelist, any node
 * </pre>
 * The zonelist is {@link Nodes#fallbackOrder}: nearest node first.
 * [6.1 mm/mempolicy.c vma_alloc_folio] [6.1 mm/mempolicy.c policy_node] [6.1 mm/mempolicy.c policy_nodemask]
 * [6.1 mm/mempolicy.c alloc_pages_preferred_many] [6.12 mm/mempolicy.c vma_alloc_folio_noprof]
 * [6.12 mm/mempolicy.c folio_alloc_mpol_noprof] [6.12 mm/mempolicy.c policy_nodemask]
 * [6.12 mm/mempolicy.c alloc_pages_preferred_many] [6.12 mm/mempolicy.c weighted_interleave_nid]
 */
public final class PolicyAlloc {
    private PolicyAlloc() {
    }

    /**
     * get_vma_policy: the VMA's policy, else the task's, else the system default.
     * [6.1 mm/mempolicy.c get_vma_policy] [6.12 mm/mempolicy.c get_vma_policy] [6.12 mm/mempolicy.c get_task_policy]
     */
    public static Policy effective(Task current, Vma vma) {
        if (vma != null && vma.policy() != null) {
            return vma.policy();
        }
        return current.mempolicy() != null ? current.mempolicy() : Policy.DEFAULT;
    }

    /**
     * The node vma_alloc_folio takes a frame of {@code nrPages} from for the page at {@code slot} of
     * {@code vma}, or -1 when no allowed node has room.
     */
    public static int node(Machine m, Task current, Vma vma, int slot, long nrPages) {
        Policy pol = effective(current, vma);
        Nodes nodes = m.nodes();
        int local = nodes.nodeOfCpu(current.cpu());
        switch (pol.mode()) {
            case Mpol.MPOL_INTERLEAVE:
            case Mpol.MPOL_WEIGHTED_INTERLEAVE:
                return nodes.firstFreeInZonelist(interleaveNid(m.profile(), pol, vma, slot), null, nrPages);
            case Mpol.MPOL_PREFERRED_MANY: {
                int from = pol.homeNode() != Policy.NO_NODE ? pol.homeNode() : local; // policy_node
                int n = nodes.firstFreeInZonelist(from, pol.nodes(), nrPages);
                return n >= 0 ? n : nodes.firstFreeInZonelist(from, null, nrPages);
            }
            case Mpol.MPOL_PREFERRED:
                return nodes.firstFreeInZonelist(pol.nodes().first(), null, nrPages);
            case Mpol.MPOL_BIND:
                return nodes.firstFreeInZonelist(pol.homeNode() != Policy.NO_NODE ? pol.homeNode() : local, pol.nodes(), nrPages);
            default:
                return nodes.firstFreeInZonelist(local, null, nrPages);
        }
    }

    /**
     * interleave_nid / offset_il_node: the n-th node of the policy's nodes, n the page's offset in
     * the mapping (vm_pgoff plus the page's index in the VMA, in units of the page size: 2 MiB for
     * hugetlb). 6.1 reduces it as an unsigned int ({@code target = (unsigned int)n % nnodes}); 6.12
     * (interleave_nid(pol, ilx) since 6.7) takes the whole pgoff_t.
     * [6.1 mm/mempolicy.c offset_il_node] [6.1 mm/mempolicy.c interleave_nid] [6.12 mm/mempolicy.c interleave_nid]
     */
    public static int interleaveNid(KernelProfile profile, Policy pol, Vma vma, int slot) {
        int[] ids = pol.nodes().toArray();
        if (ids.length == 0) {
            return 0;
        }
        int shift = vma.isHugetlb() ? 9 : 0; // huge_page_shift - PAGE_SHIFT
        // vm_pgoff of an anonymous VMA is its start address in pages (a full unsigned long).
        long pgoff = vma.isAnonymous() ? vma.start() >>> Mm.PAGE_SHIFT : Integer.toUnsignedLong(vma.pgoff());
        long off = (pgoff >>> shift) + (slot >>> shift);
        long target = profile == KernelProfile.V6_12 ? Long.remainderUnsigned(off, ids.length)
                : Integer.toUnsignedLong((int) off) % ids.length;
        return ids[(int) target];
    }

    /** Base pages of a fault in {@code vma}: a whole huge page in a hugetlb VMA. */
    public static int faultPages(Vma vma) {
        return vma.isHugetlb() ? PageFlags.HUGE_PAGES : 1;
    }
}
