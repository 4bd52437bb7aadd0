package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.ComposeState;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.ImageReference;
import dev.verifiedproxy.verdict.Check;

import java.util.List;
import java.util.Optional;

/** {@code composeManager}: presence of its attestation, the deployed files, the running compose-manager image. */
final class ComposeManagerRules {

    static final String PRESENT = "compose_manager_present";
    static final String FILES = "compose_manager_files";
    static final String IMAGE = "compose_manager_image";

    private ComposeManagerRules() {
    }

    static Check present(ComposeManagerPolicy policy, Optional<ComposeState> state) {
        if (state.isPresent()) {
            return Check.pass(PRESENT, "compose-manager attestation reported (verified as its own component)");
        }
        return policy.required() ? Check.fail(PRESENT, PolicyFailure.COMPOSE_MANAGER_MISSING, "no compose_manager_attestation")
                : Check.notPinned(PRESENT, "no compose_manager_attestation; not required by policy");
    }

    static Check files(ComposeManagerPolicy policy, Optional<ComposeState> state) {
        if (state.isEmpty()) {
            return Check.fail(FILES, PolicyFailure.COMPOSE_STATE_UNAVAILABLE, "no deployed state");
        }
        List<ComposeState.Deployment> active = state.get().activeDeployments();
        List<String> shown = active.stream()
                .map(d -> d.file() + "@" + d.commit() + " (" + d.tag() + ", sha256 " + d.fileSha256() + ")").toList();
        if (policy.allowFiles().isEmpty()) {
            return Check.notPinned(FILES, "deployed " + shown);
        }
        List<String> denied = active.stream().filter(d -> policy.allowFiles().get().stream().noneMatch(f ->
                Hex.sameBytes(f.commit(), d.commit()) && f.file().equals(d.file()) && Hex.sameBytes(f.sha256(), d.fileSha256())))
                .map(d -> d.file() + "@" + d.commit()).toList();
        return PolicyEvaluator.apply(policy.mode(), denied.isEmpty() ? Check.pass(FILES, "deployed and allowed: " + shown)
                : Check.fail(FILES, PolicyFailure.COMPOSE_FILE_NOT_ALLOWED, "not allowed: " + denied));
    }

    static Check image(ComposeManagerPolicy policy, Optional<ComposeState> state) {
        Optional<String> image = state.flatMap(ComposeState::composeManagerImage);
        if (policy.image().isEmpty()) {
            return Check.notPinned(IMAGE, "running " + image.orElse("(not recorded)"));
        }
        if (image.isEmpty()) {
            return PolicyEvaluator.apply(policy.mode(), Check.fail(IMAGE, PolicyFailure.COMPOSE_MANAGER_IMAGE_UNKNOWN,
                    "no compose_manager_started action"));
        }
        ImageReference ref = ImageReference.parse(image.get());
        ImageRule rule = policy.image().get();
        boolean ok = ref.repository().equals(rule.repository()) && ref.digest()
                .map(d -> Digests.containsImage(rule.digests(), d)).orElse(false);
        return PolicyEvaluator.apply(policy.mode(), ok ? Check.pass(IMAGE, image.get() + " allowed by rule " + rule.id())
                : Check.fail(IMAGE, PolicyFailure.COMPOSE_MANAGER_IMAGE_NOT_ALLOWED, "running " + image.get()
                        + ", rule " + rule.id()));
    }
}
