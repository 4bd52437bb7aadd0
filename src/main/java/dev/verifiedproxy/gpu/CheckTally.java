package dev.verifiedproxy.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects one check's outcome over several subjects (GPUs, tokens): the check fails with the
 * first failure reason met, and its detail lists every problem.
 */
final class CheckTally {

    private static final int MAX_LISTED = 8;

    private final GpuCheckName name;
    private final List<String> problems = new ArrayList<>();
    private GpuFailure first;

    CheckTally(GpuCheckName name) {
        this.name = name;
    }

    void fail(GpuFailure failure, String problem) {
        if (failure.check() != name) {
            throw new IllegalArgumentException(failure + " does not belong to " + name);
        }
        if (first == null) {
            first = failure;
        }
        problems.add(problem);
    }

    boolean ok() {
        return first == null;
    }

    GpuCheck result(String passDetail) {
        if (first == null) {
            return GpuCheck.pass(name, passDetail);
        }
        List<String> shown = problems.size() <= MAX_LISTED ? problems : problems.subList(0, MAX_LISTED);
        String more = problems.size() > MAX_LISTED ? "; and " + (problems.size() - MAX_LISTED) + " more" : "";
        return GpuCheck.fail(first, String.join("; ", shown) + more);
    }
}
