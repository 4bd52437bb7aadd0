package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedNearCloud;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;

import java.util.List;

/**
 * Simulated CVMs that exactly one test (of ProxyIT or VerifyIT) talks to, each under its own model and domain. What such a test
 * counts (attestations, connections, requests, bytes before proof) is then its own whatever ran before it, in
 * which order, on which server: no other test or IT class ever reaches these backends, and their TLS keys are
 * proved, if at all, only by the reports that test asked for. Models A and B stay shared (streaming, E2EE,
 * verdicts, authentication), and nothing there counts on them being untouched.
 */
final class DedicatedBackends {

    /** A model CVM group only one test uses. */
    record Dedicated(String model, String domain, int cvms) {

        SimulatedTeeBackend backend() {
            return ItEnvironment.get().backend(model);
        }
    }

    /** First request, then keep-alive reuse. */
    static final Dedicated FIRST_CONTACT = dedicated("first-contact", 1);
    /** Every way attestation can fail; no report of it ever proves a key. */
    static final Dedicated FAILING = dedicated("failing", 1);
    /** Its key is replaced mid-test. */
    static final Dedicated ROTATING = dedicated("rotating", 1);
    /** Two CVMs (TLS keys) behind one name, connections alternating between them. */
    static final Dedicated TWO_CVMS = dedicated("two-cvms", 2);
    /** Concurrent first requests. */
    static final Dedicated CROWDED = dedicated("crowded", 1);
    /** VerifyIT: a failing verdict, then a proxied request to the same backend. */
    static final Dedicated FAILING_VERDICT = dedicated("failing-verdict", 1);

    private static final List<Dedicated> ALL = List.of(FIRST_CONTACT, FAILING, ROTATING, TWO_CVMS, CROWDED, FAILING_VERDICT);

    private DedicatedBackends() {
    }

    private static Dedicated dedicated(String name, int cvms) {
        return new Dedicated("test/dedicated-" + name, "dedicated-" + name + ".completions.near.ai", cvms);
    }

    /** The models the simulated cloud starts for them, each on a free port. */
    static List<SimulatedNearCloud.Model> models() {
        return ALL.stream().map(d -> new SimulatedNearCloud.Model(d.model(), d.domain(), d.cvms(), 0)).toList();
    }
}
