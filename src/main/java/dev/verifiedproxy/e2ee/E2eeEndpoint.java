package dev.verifiedproxy.e2ee;

import java.util.Locale;
import java.util.Optional;

/** The OpenAI-style endpoints whose bodies NEAR AI encrypts field by field (protocol.md §7.6). */
public enum E2eeEndpoint {
    CHAT_COMPLETIONS("chat/completions"),
    COMPLETIONS("completions"),
    IMAGES_GENERATIONS("images/generations"),
    /** Multipart: its {@code prompt} field is sealed with {@link FieldCodec} directly. */
    IMAGES_EDITS("images/edits"),
    EMBEDDINGS("embeddings"),
    /** Multipart: its {@code prompt} field is sealed with {@link FieldCodec} directly. */
    AUDIO_TRANSCRIPTIONS("audio/transcriptions"),
    RERANK("rerank"),
    SCORE("score");

    private final String path;

    E2eeEndpoint(String path) {
        this.path = path;
    }

    /** The path below {@code /v1/}. */
    public String path() {
        return path;
    }

    /**
     * The endpoint of a request path such as {@code /v1/chat/completions} (the {@code /v1} prefix,
     * leading and trailing slashes optional); empty for endpoints NEAR does not encrypt (e.g. the
     * Responses API, which refuses encrypted input).
     */
    public static Optional<E2eeEndpoint> fromPath(String requestPath) {
        String p = requestPath.toLowerCase(Locale.ROOT).replaceAll("^/+|/+$", "");
        if (p.startsWith("v1/")) {
            p = p.substring(3);
        }
        for (E2eeEndpoint endpoint : values()) {
            if (endpoint.path.equals(p)) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }
}
