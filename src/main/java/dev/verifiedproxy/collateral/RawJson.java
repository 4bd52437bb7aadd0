package dev.verifiedproxy.collateral;

/**
 * Cuts the exact text of a top-level member's value out of a JSON object text. Intel signs the bytes of
 * {@code tcbInfo} / {@code enclaveIdentity} as they appear in the PCS answer, so they must be kept, not
 * re-serialized (dcap.md §2.3). Strings (with escapes), objects and arrays are skipped structurally;
 * anything that is not a well-formed object is refused.
 */
final class RawJson {

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    private RawJson(String text) {
        this.text = text;
    }

    /** The raw text of {@code key}'s value in the top-level object. */
    static String member(String json, String key) throws CollateralFormatException {
        RawJson scanner = new RawJson(json);
        scanner.whitespace();
        scanner.expect('{');
        scanner.whitespace();
        if (scanner.peek() == '}') {
            throw new CollateralFormatException("no '" + key + "' in the answer");
        }
        while (true) {
            scanner.whitespace();
            String name = scanner.string();
            scanner.whitespace();
            scanner.expect(':');
            scanner.whitespace();
            int start = scanner.at;
            scanner.value(0);
            int end = scanner.at;
            if (name.equals(key)) {
                return json.substring(start, end);
            }
            scanner.whitespace();
            if (scanner.peek() == ',') {
                scanner.at++;
                continue;
            }
            scanner.expect('}');
            throw new CollateralFormatException("no '" + key + "' in the answer");
        }
    }

    private char peek() throws CollateralFormatException {
        if (at >= text.length()) {
            throw new CollateralFormatException("JSON ends early");
        }
        return text.charAt(at);
    }

    private void expect(char c) throws CollateralFormatException {
        if (peek() != c) {
            throw new CollateralFormatException("expected '" + c + "' at offset " + at);
        }
        at++;
    }

    private void whitespace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private String string() throws CollateralFormatException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = peek();
            at++;
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char escaped = peek();
                at++;
                if (escaped == 'u') {
                    if (at + 4 > text.length()) {
                        throw new CollateralFormatException("bad \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw new CollateralFormatException("bad \\u escape");
                    }
                    at += 4;
                } else {
                    out.append(escaped);
                }
            } else if (c < 0x20) {
                throw new CollateralFormatException("control character in a JSON string");
            } else {
                out.append(c);
            }
        }
    }

    private void value(int depth) throws CollateralFormatException {
        if (depth > MAX_DEPTH) {
            throw new CollateralFormatException("JSON nested too deeply");
        }
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            at++;
            whitespace();
            if (peek() == close) {
                at++;
                return;
            }
            while (true) {
                whitespace();
                if (c == '{') {
                    string();
                    whitespace();
                    expect(':');
                    whitespace();
                }
                value(depth + 1);
                whitespace();
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect(close);
                return;
            }
        } else {
            int start = at;
            while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            if (at == start) {
                throw new CollateralFormatException("empty JSON value at offset " + start);
            }
        }
    }
}
