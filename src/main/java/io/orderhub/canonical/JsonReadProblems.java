package io.orderhub.canonical;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The parse-level rules every JSON the hub reads from outside shares (the canonical door and the
 * platform readers): strict UTF-8, a nesting limit, no key given twice, and parse failures named
 * by the field where the parser stopped, never by exception text.
 */
public final class JsonReadProblems {

    /** Deepest nesting of objects and arrays read; real orders nest fewer than 10 levels. */
    public static final int MAX_DEPTH = 64;

    private JsonReadProblems() {
    }

    /** A JSON factory with the nesting limit and duplicate-key detection. */
    public static JsonFactory factory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * Checks raw bytes are UTF-8 (RFC 8259 8.1) before any decoding, so that no replacement
     * character ever stands in for what the sender sent; null when they are.
     */
    public static FieldError notUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return null;
        } catch (CharacterCodingException e) {
            return new FieldError("$", "is not valid UTF-8 (JSON text must be UTF-8)");
        }
    }

    /**
     * A parse failure that is about one field or a limit (a key twice, a number out of range, too
     * deep), named; null for any other, which the caller words as not well-formed JSON.
     */
    public static FieldError describe(Throwable failure) {
        JsonProcessingException e = find(failure);
        if (e == null) {
            return null;
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return message.contains("nesting depth")
                    ? new FieldError("$", "nests deeper than " + MAX_DEPTH + " levels of objects and arrays (the limit)")
                    : new FieldError(path(e), "exceeds a size limit of JSON values");
        }
        if (message.startsWith("Duplicate field")) {
            return new FieldError(path(e), "is given twice: a key may appear only once in an object");
        }
        if (e instanceof InputCoercionException) {
            return new FieldError(path(e), "is a number out of range");
        }
        return null;
    }

    /** Where a parse failure happened, for people: " at line 3, column 14" (empty if unknown). */
    public static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static JsonProcessingException find(Throwable t) {
        for (int i = 0; t != null && i < 10; i++, t = t.getCause()) {
            if (t instanceof StreamReadException || t instanceof StreamConstraintsException) {
                return (JsonProcessingException) t;
            }
        }
        return null;
    }

    /** Where the parser stood, as a canonical-style path (items[0].quantity). */
    static String path(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) {
            return "$";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String s = String.join("", parts);
        return s.isEmpty() ? "$" : s.startsWith(".") ? s.substring(1) : s;
    }
}
