package dev.verifiedproxy.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads the active policy: the configured file, or the built-in default policy (README.md,
 * "Attestation policy") when none is configured. A file is read once, bounded, and validated
 * completely before it can be used; callers swap the returned immutable policy in as a whole.
 */
public final class PolicyLoader {

    /** The resource holding the default policy; its digest identifies it in verdicts. */
    public static final String DEFAULT_POLICY_RESOURCE = "/dev/verifiedproxy/policy/default-policy.json";
    public static final String DEFAULT_POLICY_SOURCE = "built-in default policy";

    private static final AttestationPolicy DEFAULT = readDefault();

    private PolicyLoader() {
    }

    /** The file's policy, or the default policy when {@code file} is empty. */
    public static AttestationPolicy load(Optional<Path> file) throws PolicyValidationException {
        return file.isPresent() ? load(file.get()) : defaultPolicy();
    }

    public static AttestationPolicy load(Path file) throws PolicyValidationException {
        byte[] bytes;
        try {
            if (Files.size(file) > PolicyParser.MAX_BYTES) {
                throw new PolicyValidationException(file.toString(), List.of(new PolicyError("$", PolicyErrorKind.TOO_LARGE,
                        "a policy file may have at most " + PolicyParser.MAX_BYTES + " bytes")));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyValidationException(file.toString(), List.of(new PolicyError("$", PolicyErrorKind.NOT_JSON,
                    "cannot read the file: " + e.getMessage())));
        }
        return PolicyParser.parse(bytes, file.toString());
    }

    public static AttestationPolicy defaultPolicy() {
        return DEFAULT;
    }

    /** The default policy's exact text, e.g. as a starting point for a policy file. */
    public static byte[] defaultPolicyBytes() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_POLICY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_POLICY_RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AttestationPolicy readDefault() {
        try {
            return PolicyParser.parse(defaultPolicyBytes(), DEFAULT_POLICY_SOURCE);
        } catch (PolicyValidationException e) {
            throw new IllegalStateException("the built-in default policy is invalid: " + e.getMessage(), e);
        }
    }
}
