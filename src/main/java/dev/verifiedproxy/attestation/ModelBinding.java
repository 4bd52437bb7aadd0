package dev.verifiedproxy.attestation;

import dev.verifiedproxy.verdict.Check;

import java.util.List;
import java.util.Optional;

/**
 * Whether a report attests the model it was asked for (protocol.md §4 step 8): each model attestation's
 * {@code model_name} must be that model, and a gateway report must carry one for it. Names are compared
 * exactly: NEAR's gateway answers an alias with the canonical name, and an alias is not the model asked for.
 */
public final class ModelBinding {

    /** A model attestation names the model asked for. */
    public static final String MODEL_NAME = "model_name";
    /** A gateway report carries an attestation of the model asked for. */
    public static final String MODEL_ATTESTATION = "model_attestation";

    /** Model names come from clients and reports: shown bounded, without control characters. */
    private static final int SHOWN_CHARS = 128;

    private ModelBinding() {
    }

    /** A model attestation's {@code model_name} against the model the report was asked for. */
    public static Check modelName(CvmAttestation attestation, String expected) {
        Optional<String> reported = attestation.modelName();
        if (reported.isEmpty()) {
            return Check.fail(MODEL_NAME, ModelBindingFailure.MODEL_NAME_MISSING, "asked for " + shown(expected));
        }
        if (!reported.get().equals(expected)) {
            return Check.fail(MODEL_NAME, ModelBindingFailure.MODEL_NAME_MISMATCH, "asked for " + shown(expected)
                    + ", attested " + shown(reported.get()));
        }
        return Check.pass(MODEL_NAME, shown(expected));
    }

    /** A gateway report's {@code model_attestations} against the model it was asked for. */
    public static Check attestationFor(List<CvmAttestation> models, String expected) {
        if (find(models, expected).isPresent()) {
            return Check.pass(MODEL_ATTESTATION, "model_attestations holds the attestation of " + shown(expected));
        }
        String found = models.isEmpty() ? "none" : "only " + models.stream()
                .map(m -> m.modelName().map(ModelBinding::shown).orElse("(no model_name)")).toList();
        return Check.fail(MODEL_ATTESTATION, ModelBindingFailure.MODEL_ATTESTATION_MISSING, "asked for "
                + shown(expected) + ", model_attestations has " + found);
    }

    /** The attestation of {@code model} in a gateway report, if it carries one. */
    public static Optional<CvmAttestation> find(List<CvmAttestation> models, String model) {
        return models.stream().filter(m -> m.modelName().filter(model::equals).isPresent()).findFirst();
    }

    static String shown(String name) {
        String bounded = name.length() > SHOWN_CHARS ? name.substring(0, SHOWN_CHARS) + "..." : name;
        return "'" + bounded.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "'";
    }
}
