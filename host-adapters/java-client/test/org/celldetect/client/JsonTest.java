package org.celldetect.client;

import java.io.File;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Json against tricky inputs and every JSON file of the specification. */
public final class JsonTest {
    private JsonTest() {
    }

    public static void testEscapesReadIncludingUnicodeAndSurrogatePairs() {
        Check.equal("\" \\ / \b \f \n \r \t A é", Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9\""), "simple escapes");
        Check.equal("🧫", Json.parse("\"\\ud83e\\uddeb\""), "a surrogate pair");
        Check.equal("🧫µ", Json.parse("\"🧫µ\""), "raw characters outside ASCII");
        Check.equal("\u0000", Json.parse("\"\\u0000\""), "an escaped NUL");
        Check.equal("\uD83E", Json.parse("\"\\uD83E\""), "a lone surrogate (JSON allows it)");
    }

    public static void testNumbersReadAsLongWhenWholeElseDouble() {
        Check.equal(0L, Json.parse("0"), "zero");
        Check.equal(0L, Json.parse("-0"), "minus zero");
        Check.equal(Long.MAX_VALUE, Json.parse("9223372036854775807"), "the largest long");
        Check.equal(1.2345678901234567e19, Json.parse("12345678901234567890"), "past a long");
        Check.equal(1000.0, Json.parse("1e3"), "an exponent");
        Check.equal(-0.0015, Json.parse("-1.5E-3"), "a negative fraction with exponent");
        Check.equal(2113.0, Json.parse("2113.0"), "a fraction that is whole");
    }

    public static void testStructuresKeepOrderAndNest() {
        Object value = Json.parse(" {\"b\": [1, {\"c\": null}, [], {}], \"a\": true, \"d\": false}\r\n");
        Map<String, Object> expected = new LinkedHashMap<String, Object>();
        Map<String, Object> inner = new LinkedHashMap<String, Object>();
        inner.put("c", null);
        expected.put("b", Arrays.<Object>asList(1L, inner, Collections.emptyList(), Collections.emptyMap()));
        expected.put("a", true);
        expected.put("d", false);
        Check.equal(expected, value, "nested value");
        Check.equal(Arrays.asList("b", "a", "d"), Arrays.asList(((Map<?, ?>) value).keySet().toArray()), "member order");
    }

    public static void testMalformedJsonIsRefused() {
        String[] malformed = {
            "", " ", "{", "[1,]", "{\"a\":1,}", "{,}", "[1 2]", "01", "-", "1.", ".5", "+1", "1e", "NaN", "Infinity", "'a'",
            "\"a", "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"tab\there\"", "{\"a\" 1}", "{1:2}", "tru", "nul", "[1] 2", "{\"a\":1}}",
        };
        for (final String text : malformed) {
            Check.throwsA(IllegalArgumentException.class, new Check.Action() {
                @Override
                public void run() {
                    Json.parse(text);
                }
            }, "parsing <" + text + ">");
        }
    }

    public static void testDeepNestingIsRefusedNotAStackOverflow() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100000; i++) {
            deep.append('[');
        }
        final String text = deep.toString();
        Check.throwsA(IllegalArgumentException.class, new Check.Action() {
            @Override
            public void run() {
                Json.parse(text);
            }
        }, "100000 nested arrays");
    }

    public static void testWritingEscapesWhatMustBeEscaped() {
        Check.equal("\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f/é🧫\"", Json.write("a\"b\\c\n\r\t\u0001\u001f/é🧫"), "escapes");
        Check.equal("\"\\ud83e!\"", Json.write("\uD83E!"), "a lone surrogate");
        Check.equal("{\"x\":[1,2.5,null,true],\"y\":{}}", Json.write(Json.parse("{\"x\": [1, 2.5, null, true], \"y\": {}}")), "compact");
        Check.equal("[1,2]", Json.write(new Object[] {1, 2L}), "an object array");
        Check.throwsA(IllegalArgumentException.class, new Check.Action() {
            @Override
            public void run() {
                Json.write(Double.NaN);
            }
        }, "NaN");
    }

    public static void testEveryJsonFileOfTheSpecificationSurvivesARoundTrip() throws Exception {
        List<File> files = TestFiles.allJsonFiles();
        Check.isTrue(files.size() > 20, "found only " + files.size() + " JSON files under " + TestFiles.manifests());
        for (File file : files) {
            Object first = Json.parse(TestFiles.read(file));
            Object again = Json.parse(Json.write(first));
            Check.equal(first, again, file.getPath());
        }
    }

    public static void testTheClientsErrorCodesAreTheSpecifications() throws Exception {
        Map<?, ?> schema = (Map<?, ?>) TestFiles.load("protocol/schema/error.json");
        Object codes = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) schema.get("properties")).get("error")).get("properties")).get("code")).get("enum");
        Check.equal(codes, ErrorCodes.ALL, "error codes");
    }
}
