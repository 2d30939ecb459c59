package org.celldetect.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer. Objects read as {@link LinkedHashMap} (member
 * order kept), arrays as {@link ArrayList}, strings as {@link String}, {@code true}/{@code false} as
 * {@link Boolean}, {@code null} as null, numbers as {@link Long} when written without fraction or
 * exponent and in range, else {@link Double}. Writing takes the same types, any {@link Number},
 * {@link Collection}s and object arrays.
 */
public final class Json {
    /** Deeper nesting is refused instead of overflowing the stack. */
    public static final int MAX_DEPTH = 512;

    private final String text;
    private int position;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON value; anything but whitespace after it is an error. */
    public static Object parse(String text) {
        Json reader = new Json(text);
        reader.skipWhitespace();
        Object value = reader.readValue(0);
        reader.skipWhitespace();
        if (reader.position != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    /** Compact JSON for a value; non-ASCII characters are written as they are, lone surrogates escaped. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(value, out);
        return out.toString();
    }

    private Object readValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (position >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return readObject(depth);
            case '[':
                return readArray(depth);
            case '"':
                return readString();
            case 't':
                return readWord("true", Boolean.TRUE);
            case 'f':
                return readWord("false", Boolean.FALSE);
            case 'n':
                return readWord("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> readObject(int depth) {
        Map<String, Object> object = new LinkedHashMap<String, Object>();
        position++;
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("a member name (a string) is expected");
            }
            String name = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.put(name, readValue(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                position++;
            } else {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> readArray(int depth) {
        List<Object> array = new ArrayList<Object>();
        position++;
        skipWhitespace();
        if (peek() == ']') {
            position++;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(readValue(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                position++;
            } else {
                expect(']');
                return array;
            }
        }
    }

    private String readString() {
        position++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("the string is not closed");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character must be escaped in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (position >= text.length()) {
                throw error("the escape is cut short");
            }
            char escape = text.charAt(position++);
            switch (escape) {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case '/': out.append('/'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                // Characters outside the BMP come as two escapes (a surrogate pair), appended one after the other.
                case 'u': out.append(readHexCharacter()); break;
                default: throw error("unknown escape \\" + escape);
            }
        }
    }

    private char readHexCharacter() {
        if (position + 4 > text.length()) {
            throw error("\\u needs four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position++), 16);
            if (digit < 0) {
                throw error("\\u needs four hex digits");
            }
            value = value * 16 + digit;
        }
        return (char) value;
    }

    private Object readNumber() {
        int start = position;
        boolean integral = true;
        if (peek() == '-') {
            position++;
        }
        if (peek() == '0') {
            position++;
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("a digit is expected");
        }
        if (peek() == '.') {
            integral = false;
            position++;
            if (!isDigit(peek())) {
                throw error("a digit is expected after the decimal point");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            if (!isDigit(peek())) {
                throw error("a digit is expected in the exponent");
            }
            skipDigits();
        }
        String number = text.substring(start, position);
        if (integral) {
            try {
                return Long.valueOf(number);
            } catch (NumberFormatException outOfRange) {
                return Double.valueOf(number);
            }
        }
        return Double.valueOf(number);
    }

    private Object readWord(String word, Object value) {
        if (!text.startsWith(word, position)) {
            throw error("unexpected word");
        }
        position += word.length();
        return value;
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            position++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "' is expected");
        }
        position++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("Not JSON: " + problem + " at character " + position);
    }

    private static void writeValue(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new IllegalArgumentException("JSON has no way to write " + number);
            }
            out.append(value.toString());
        } else if (value instanceof Number) {
            out.append(value.toString());
        } else if (value instanceof Map) {
            writeObject((Map<?, ?>) value, out);
        } else if (value instanceof Collection) {
            writeArray(((Collection<?>) value).toArray(), out);
        } else if (value instanceof Object[]) {
            writeArray((Object[]) value, out);
        } else {
            throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeObject(Map<?, ?> object, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> member : object.entrySet()) {
            if (!(member.getKey() instanceof String)) {
                throw new IllegalArgumentException("JSON member names are strings, not " + member.getKey());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString((String) member.getKey(), out);
            out.append(':');
            writeValue(member.getValue(), out);
        }
        out.append('}');
    }

    private static void writeArray(Object[] array, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < array.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeValue(array[i], out);
        }
        out.append(']');
    }

    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || isLoneSurrogate(value, i)) {
                        // Control characters must be escaped; a lone surrogate has no UTF-8 form, only an escape.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String value, int index) {
        char c = value.charAt(index);
        if (Character.isHighSurrogate(c)) {
            return index + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(index + 1));
        }
        return Character.isLowSurrogate(c) && (index == 0 || !Character.isHighSurrogate(value.charAt(index - 1)));
    }
}
