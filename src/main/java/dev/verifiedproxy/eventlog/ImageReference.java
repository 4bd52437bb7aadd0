package dev.verifiedproxy.eventlog;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference as written in a compose file, e.g.
 * {@code nearaidev/cloud-api@sha256:26f4…}. Docker Hub names are normalised the way policies write
 * them ({@code docker.io/library/alpine} is {@code alpine}).
 *
 * @param reference  the reference that takes effect (a compose default already substituted)
 * @param repository normalised repository, e.g. {@code nearaidev/cloud-api}
 * @param digest     {@code sha256:<64 hex>} when pinned by digest
 */
public record ImageReference(String reference, String repository, Optional<String> digest) {

    private static final Pattern DIGEST = Pattern.compile("@(sha256:[0-9a-f]{64})$");

    public ImageReference {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
    }

    /** Parses a reference; a tag after the name is dropped from the repository (the digest, if any, wins). */
    public static ImageReference parse(String reference) {
        String name = reference;
        Optional<String> digest = Optional.empty();
        Matcher m = DIGEST.matcher(reference);
        int at = reference.indexOf('@');
        if (m.find()) {
            digest = Optional.of(m.group(1));
            name = reference.substring(0, m.start());
        } else if (at >= 0) {
            name = reference.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return new ImageReference(reference, normalise(name.toLowerCase(Locale.ROOT)), digest);
    }

    private static String normalise(String name) {
        String n = name;
        for (String prefix : new String[] {"docker.io/", "index.docker.io/", "registry-1.docker.io/"}) {
            if (n.startsWith(prefix)) {
                n = n.substring(prefix.length());
            }
        }
        return n.startsWith("library/") ? n.substring("library/".length()) : n;
    }

    public boolean pinned() {
        return digest.isPresent();
    }
}
