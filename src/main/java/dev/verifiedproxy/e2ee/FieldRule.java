package dev.verifiedproxy.e2ee;

import jakarta.json.JsonValue.ValueType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where encrypted strings sit in a JSON body, as a tree shaped like the body, and which JSON
 * shapes NEAR AI's scheme can encrypt at each place. Absent members and {@code null} are accepted
 * everywhere (null stays null). A value of a shape a node does not {@linkplain #accepts accept}
 * cannot be encrypted there: the sender must refuse the body rather than send it in the clear;
 * the receiver leaves it as it is.
 */
sealed interface FieldRule {

    /** Whether a non-null value of this JSON type can stand here. */
    boolean accepts(ValueType type);

    /** The accepted shapes in words, for error messages: "a string or an array". */
    String expected();

    /** A JSON type in words: "an object". */
    static String shape(ValueType type) {
        return switch (type) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
    }

    /** How a leaf value becomes the string that is encrypted, and back. */
    enum Kind {
        /** A string field. */
        TEXT(EnumSet.of(ValueType.STRING), "a string"),
        /** A string, or an array sent as its compact JSON text; opened back into an array when it parses as one. */
        ARRAY_AS_TEXT(EnumSet.of(ValueType.STRING, ValueType.ARRAY), "a string or an array"),
        /** Any JSON value sent as its compact JSON text (a string as is); opened back into whatever it parses as. */
        JSON_AS_TEXT(EnumSet.allOf(ValueType.class), "any JSON value");

        private final Set<ValueType> types;
        private final String expected;

        Kind(Set<ValueType> types, String expected) {
            this.types = types;
            this.expected = expected;
        }
    }

    /**
     * An encrypted value.
     *
     * @param kind    how the value is turned into text
     * @param lenient when opening, a value that does not decrypt stays as it is: the
     *                {@code X-Encrypt-All-Fields} request fields clients may leave in plaintext
     */
    record Leaf(Kind kind, boolean lenient) implements FieldRule {

        @Override
        public boolean accepts(ValueType type) {
            return kind.types.contains(type);
        }

        @Override
        public String expected() {
            return kind.expected;
        }
    }

    /**
     * An object: a rule per member name.
     *
     * @param members the covered members; others pass as they are, unless {@code closed}
     * @param also    other JSON types that may stand here and carry no content, passed as they are
     *                (e.g. {@code "tool_choice": "auto"})
     * @param closed  every member of the object is user content: one without a rule cannot be
     *                encrypted
     */
    record Members(Map<String, FieldRule> members, Set<ValueType> also, boolean closed) implements FieldRule {

        public Members {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
            also = also.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(also));
        }

        Members(Map<String, FieldRule> members) {
            this(members, Set.of(), false);
        }

        /** These members plus more, given as name, rule, name, rule, … */
        Members plus(Object... namesAndRules) {
            Map<String, FieldRule> all = new LinkedHashMap<>(members);
            for (int i = 0; i < namesAndRules.length; i += 2) {
                all.put((String) namesAndRules[i], (FieldRule) namesAndRules[i + 1]);
            }
            return new Members(all, also, closed);
        }

        /** The same, also accepting values of these content-free types in place of the object. */
        Members orAlso(ValueType... types) {
            return new Members(members, EnumSet.copyOf(List.of(types)), closed);
        }

        /** The same, with no member outside the rules allowed. */
        Members withNothingElse() {
            return new Members(members, also, true);
        }

        @Override
        public boolean accepts(ValueType type) {
            return type == ValueType.OBJECT || also.contains(type);
        }

        @Override
        public String expected() {
            return also.isEmpty() ? "an object" : "an object or " + also.stream().map(FieldRule::shape)
                    .collect(Collectors.joining(" or "));
        }
    }

    /** An array: the rule applies to every element. */
    record Each(FieldRule element) implements FieldRule {

        @Override
        public boolean accepts(ValueType type) {
            return type == ValueType.ARRAY;
        }

        @Override
        public String expected() {
            return "an array of elements that are each " + element.expected();
        }
    }

    /** Alternatives for values that come in several JSON types: the first that accepts a value's type applies. */
    record Either(List<FieldRule> alternatives) implements FieldRule {

        public Either {
            alternatives = List.copyOf(alternatives);
        }

        @Override
        public boolean accepts(ValueType type) {
            return alternatives.stream().anyMatch(a -> a.accepts(type));
        }

        @Override
        public String expected() {
            return alternatives.stream().map(FieldRule::expected).collect(Collectors.joining(" or "));
        }

        FieldRule forType(ValueType type) {
            return alternatives.stream().filter(a -> a.accepts(type)).findFirst().orElseThrow();
        }
    }

    /**
     * User content that NEAR's scheme never encrypts (e.g. completions {@code suffix}): only absence
     * or null can be sent under E2EE.
     */
    record Unencryptable() implements FieldRule {

        @Override
        public boolean accepts(ValueType type) {
            return false;
        }

        @Override
        public String expected() {
            return "nothing (NEAR AI does not encrypt this field)";
        }
    }
}
