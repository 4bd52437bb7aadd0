package dev.verifiedproxy.eventlog;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dstack's app-compose manifest (the JSON text in {@code tcb_info.app_compose}) with the container
 * images its docker-compose YAML starts. The text is only evidence once {@link ComposeBinding}
 * passed; this class only reads it.
 *
 * <p>Images are found line by line rather than with a YAML parser: every {@code image:} line is
 * taken (extra lines, e.g. inside embedded config text, only make the check stricter), and every
 * construct this reading could miss or misread ({@code build:}, quoted or block-scalar image keys,
 * variables the host can set) is reported as a problem, so a policy that requires pinned images
 * fails closed on it.
 *
 * @param text              the exact manifest text
 * @param name              manifest {@code name}
 * @param dockerComposeFile the YAML, or empty for non-compose runners
 * @param allowedEnvs       variables the host may inject (encrypted env); they can override {@code ${VAR:-default}}
 * @param images            images the YAML starts, defaults substituted
 * @param problems          constructs that make the image list unreliable
 */
public record AppCompose(String text, Optional<String> name, Optional<String> dockerComposeFile, Set<String> allowedEnvs,
                         List<ImageReference> images, List<String> problems) {

    private static final Pattern IMAGE_LINE = Pattern.compile("^\\s*(?:-\\s+)?image\\s*:(.*)$");
    private static final Pattern OTHER_IMAGE_KEY = Pattern.compile("^\\s*(?:-\\s+)?(?:\"image\"|'image')\\s*:.*$");
    private static final Pattern BUILD_LINE = Pattern.compile("^\\s*(?:-\\s+)?[\"']?build[\"']?\\s*:.*$");
    private static final Pattern VARIABLE = Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}$]*))?}$");

    public AppCompose {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dockerComposeFile, "dockerComposeFile");
        allowedEnvs = Set.copyOf(allowedEnvs);
        images = List.copyOf(images);
        problems = List.copyOf(problems);
    }

    /** Parses the manifest text; a text that is not a JSON object is a {@link MalformedEvidenceException}. */
    public static AppCompose parse(String text) {
        JsonObject json = JsonInput.object(JsonInput.parseEmbedded(text, "$.app_compose"), "$.app_compose");
        Optional<String> name = JsonInput.optionalString(json, "name", "$.app_compose", 1024);
        Optional<String> yaml = JsonInput.optionalString(json, "docker_compose_file", "$.app_compose",
                TcbInfo.MAX_APP_COMPOSE_CHARS);
        Set<String> envs = JsonInput.field(json, "allowed_envs")
                .map(v -> Set.copyOf(JsonInput.strings(v, "$.app_compose.allowed_envs", 4096, 256))).orElse(Set.of());
        List<ImageReference> images = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (yaml.isEmpty()) {
            problems.add("no docker_compose_file (runner " + JsonInput.field(json, "runner").map(JsonValue::toString)
                    .orElse("absent") + ")");
        } else {
            readImages(yaml.get(), envs, images, problems);
        }
        return new AppCompose(text, name, yaml, envs, images, problems);
    }

    /** SHA-256 of the exact text, as {@link ComposeBinding} computes it. */
    public String composeHash() {
        return ComposeBinding.composeHash(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void readImages(String yaml, Set<String> envs, List<ImageReference> images, List<String> problems) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "docker_compose_file line " + (i + 1);
            if (OTHER_IMAGE_KEY.matcher(line).matches()) {
                problems.add(where + ": quoted image key");
                continue;
            }
            if (BUILD_LINE.matcher(line).matches()) {
                problems.add(where + ": image built from source");
                continue;
            }
            Matcher m = IMAGE_LINE.matcher(line);
            if (m.matches()) {
                effectiveReference(m.group(1), envs).ifPresentOrElse(r -> images.add(ImageReference.parse(r)),
                        () -> problems.add(where + ": image reference '" + m.group(1).strip()
                                + "' is not fixed by the compose file"));
            }
        }
    }

    /**
     * The reference that takes effect: plain text, or the default of {@code ${VAR:-default}} when
     * the host cannot set VAR (it is not in allowed_envs). Anything else is not fixed by the file.
     */
    private static Optional<String> effectiveReference(String rawValue, Set<String> envs) {
        String value = stripComment(rawValue).strip();
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.startsWith("|") || value.startsWith(">")) {
            return Optional.empty();
        }
        Matcher variable = VARIABLE.matcher(value);
        if (variable.matches()) {
            boolean hasDefault = variable.group(2) != null && !variable.group(3).isEmpty();
            return hasDefault && !envs.contains(variable.group(1)) ? Optional.of(variable.group(3)) : Optional.empty();
        }
        return value.contains("$") || value.contains(" ") ? Optional.empty() : Optional.of(value);
    }

    /** YAML comments start at a '#' preceded by whitespace. */
    private static String stripComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == '#' && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i);
            }
        }
        return value;
    }
}
