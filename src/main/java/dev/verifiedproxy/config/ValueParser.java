package dev.verifiedproxy.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a configuration value into a typed value, or throws
 * {@link IllegalArgumentException} with a message that says what was expected.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface ValueParser<T> {

    T parse(String raw);

    static ValueParser<String> text() {
        return raw -> {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return raw;
        };
    }

    static ValueParser<Boolean> bool() {
        return raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    static ValueParser<Integer> integer(int min, int max) {
        return raw -> {
            int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        };
    }

    /** Sizes in bytes, with an optional unit: {@code 1048576}, {@code 512KiB}, {@code 32MiB}. */
    static ValueParser<Long> byteSize(long min, long max) {
        Pattern pattern = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
        return raw -> {
            Matcher m = pattern.matcher(raw);
            if (!m.matches()) {
                throw new IllegalArgumentException("must be a size such as 1048576, 512KiB or 32MiB");
            }
            long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
                case "KiB" -> 1024L;
                case "MiB" -> 1024L * 1024;
                case "GiB" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            long value;
            try {
                value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("is too large");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + " bytes");
            }
            return value;
        };
    }

    /** Durations as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H}). */
    static ValueParser<Duration> duration(Duration min, Duration max) {
        Pattern simple = Pattern.compile("(\\d+)(ms|s|m|h|d)");
        return raw -> {
            Duration value;
            Matcher m = simple.matcher(raw);
            try {
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    value = switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                } else {
                    value = Duration.parse(raw);
                }
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 5m, 1h or PT1H");
            }
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        };
    }

    /** An absolute http(s) URL without query or fragment; {@code requireHttps} rejects plain http. */
    static ValueParser<URI> httpUrl(boolean requireHttps) {
        return raw -> {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("is not a valid URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || (!requireHttps && scheme.equals("http")))) {
                throw new IllegalArgumentException(requireHttps ? "must be an https:// URL" : "must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("must be a URL with a host and without query or fragment");
            }
            return uri;
        };
    }

    /** A path to an existing, readable regular file. */
    static ValueParser<Path> readableFile() {
        return raw -> {
            Path path = Path.of(raw);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException("must name a readable file; '" + raw + "' is not one");
            }
            return path;
        };
    }

    /** One of the enum's constants, written in lower case with dashes ({@code GATEWAY} as {@code gateway}). */
    static <E extends Enum<E>> ValueParser<E> oneOf(Class<E> type) {
        return raw -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().replace('_', '-').equalsIgnoreCase(raw)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().replace('_', '-').toLowerCase(Locale.ROOT)).toList());
        };
    }

    /** A comma-separated list; blank entries are ignored, an empty list is allowed. */
    static <T> ValueParser<List<T>> listOf(ValueParser<T> element) {
        return raw -> Arrays.stream(raw.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(element::parse)
                .toList();
    }
}
