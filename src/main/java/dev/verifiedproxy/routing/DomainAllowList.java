package dev.verifiedproxy.routing;

import java.util.List;
import java.util.Locale;

/**
 * Which backend domains the proxy may connect to. A pattern is an exact host name or
 * {@code *.} followed by a suffix, where {@code *} stands for exactly one DNS label: so
 * {@code *.completions.near.ai} admits {@code glm-5-1.completions.near.ai} but neither
 * {@code completions.near.ai} nor {@code a.b.completions.near.ai}. Attestation still decides
 * whether the backend is trusted; the list only keeps clients and the unattested endpoint
 * registry from steering the proxy anywhere they like.
 */
public final class DomainAllowList {

    private final List<String> patterns;

    public DomainAllowList(List<String> patterns) {
        this.patterns = patterns.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).toList();
        for (String pattern : this.patterns) {
            String host = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
            if (!isHostName(host)) {
                throw new IllegalArgumentException("not a host name or *.suffix pattern: " + pattern);
            }
        }
    }

    public boolean allows(String domain) {
        if (domain == null || !isHostName(domain.toLowerCase(Locale.ROOT))) {
            return false;
        }
        String host = domain.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (host.endsWith(suffix) && host.indexOf('.') == host.length() - suffix.length()) {
                    return true;
                }
            } else if (pattern.equals(host)) {
                return true;
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Letters, digits and hyphens in dot-separated labels of 1..63 characters; no IP literals, no trailing dot. */
    static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253 || host.endsWith(".") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
