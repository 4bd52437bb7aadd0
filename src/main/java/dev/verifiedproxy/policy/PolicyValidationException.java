package dev.verifiedproxy.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used; lists every problem found, each with its JSON path. */
public class PolicyValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<PolicyError> errors;

    public PolicyValidationException(String source, List<PolicyError> errors) {
        super("invalid attestation policy " + source + ": "
                + errors.stream().map(PolicyError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
