package dev.verifiedproxy.sigstore;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.verifiedproxy.sigstore.JsonFields.Malformed;

/**
 * The parts of an in-toto statement (v0.1 or v1) that bind it to artifacts: its subjects' SHA-256 digests.
 * The predicate is kept out; reading provenance (builder, source commit) is a policy concern for later.
 *
 * @param predicateType e.g. {@code https://slsa.dev/provenance/v1}
 * @param subjects      the subjects' names and SHA-256 digests (subjects without one are kept with none)
 */
public record InTotoStatement(String predicateType, List<Subject> subjects) {

    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    private static final Set<String> TYPES = Set.of("https://in-toto.io/Statement/v0.1", "https://in-toto.io/Statement/v1");
    private static final int MAX_SUBJECTS = 1024;

    /**
     * @param name   the subject's name, e.g. an image repository
     * @param sha256 its SHA-256 digest, when listed
     */
    public record Subject(String name, Optional<Sha256Digest> sha256) {

        public Subject {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    public InTotoStatement {
        Objects.requireNonNull(predicateType, "predicateType");
        subjects = List.copyOf(subjects);
    }

    public static InTotoStatement parse(byte[] payload) throws ArtifactFormatException {
        try {
            JsonObject statement = JsonFields.object(JsonFields.parse(payload, DsseEnvelope.MAX_BYTES, "statement"), "$");
            String type = JsonFields.string(statement, "_type", "$", 256);
            if (!TYPES.contains(type)) {
                throw new Malformed("$._type", "not an in-toto statement type: " + type);
            }
            String predicateType = JsonFields.string(statement, "predicateType", "$", 1024);
            JsonArray array = JsonFields.array(JsonFields.required(statement, "subject", "$"), "$.subject", 1,
                    MAX_SUBJECTS);
            List<Subject> subjects = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                String path = "$.subject[" + i + "]";
                JsonObject subject = JsonFields.object(array.get(i), path);
                JsonObject digest = JsonFields.object(subject, "digest", path);
                Optional<Sha256Digest> sha256 = JsonFields.optional(digest, "sha256").isPresent()
                        ? Optional.of(JsonFields.sha256Hex(digest, "sha256", path + ".digest")) : Optional.empty();
                subjects.add(new Subject(JsonFields.optionalString(subject, "name", path, 4096).orElse(""), sha256));
            }
            return new InTotoStatement(predicateType, subjects);
        } catch (Malformed e) {
            throw new ArtifactFormatException(ArtifactFailure.STATEMENT_MALFORMED, e.getMessage());
        }
    }

    public boolean covers(Sha256Digest digest) {
        return subjects.stream().anyMatch(s -> s.sha256().filter(digest::equals).isPresent());
    }
}
