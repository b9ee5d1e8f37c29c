package io.orderhub.channels;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Splits a dropped file into order records, streaming, each with the line it starts on: CSV (UTF-8
 * with or without BOM, else the channel's fallback charset such as GBK; consecutive rows with the
 * same order column form one order), XML (one record per configured element) and JSON lines. A
 * record that cannot be read carries its error instead of a payload, so the caller writes it to
 * the error file and goes on. Bytes are never replaced: a file that is not valid in its charset
 * is refused as a whole, as one such record, before any record of it is read.
 */
public final class FileRecords {

    /**
     * One order's worth of a file: where it starts, the payload for the mapping, or why it is
     * unreadable. {@code wholeFile}: the error refuses the whole file (its structure is not the
     * mapping's), no record of it is read. {@code cells}: for CSV, each cell value of the payload
     * (by identity) → where it came from, so a value the mapping cannot convert is named by column.
     */
    public record Record(long line, Object payload, String error, boolean wholeFile, Map<Object, Cell> cells) {
        public Record(long line, Object payload, String error) {
            this(line, payload, error, false, null);
        }

        /** Where a cell value came from: its line and column (the header name after aliasing). */
        public Cell cell(Object value) {
            return cells == null || value == null ? null : cells.get(value);
        }
    }

    /** A CSV cell's place: its line and its column (the header name the mapping reads). */
    public record Cell(long line, String column) {
    }

    private FileRecords() {
    }

    /** Opens a file as a closeable iterator of records. */
    public static CloseableIterator open(Path file, ChannelDefinition d) throws IOException {
        return open(file, d, java.util.Set.of());
    }

    /**
     * Opens a file as records; a CSV file's header must hold {@code columns} (the columns the
     * mapping reads, after the channel's aliases), else the file is refused as a whole.
     */
    public static CloseableIterator open(Path file, ChannelDefinition d, java.util.Set<String> columns) throws IOException {
        return switch (d.format()) {
            case csv -> csv(file, d.csv(), columns);
            case xml -> xml(file, d.xml() == null || d.xml().record() == null ? "Order" : d.xml().record());
            case jsonl, json -> jsonl(file);
        };
    }

    /** An iterator that releases its file when done or closed. */
    public interface CloseableIterator extends Iterator<Record>, Closeable {
    }

    // ---- charset --------------------------------------------------------------------------
    //
    // A file is decoded strictly and checked over its whole length before its first record is
    // handed on, so a refused file leaves nothing half-stored. The check streams (one 64 KiB buffer),
    // so a file of a million lines costs one extra read, not its size in memory.

    private static final int BUFFER = 65536;

    /** The charset a file is read in, or why none fits: then the whole file is refused at {@code line}. */
    record Decoding(Charset charset, long line, String refusal) {
        static Decoding of(Charset cs) {
            return new Decoding(cs, 0, null);
        }

        static Decoding refused(long line, String reason) {
            return new Decoding(null, line, reason);
        }
    }

    /** How far a strict decode got: the line of the first bad byte (0 when the whole file decodes). */
    record Scan(long badLine, boolean wideLineBefore) {
        boolean valid() {
            return badLine == 0;
        }
    }

    /**
     * UTF-8 (with or without BOM) if the whole file is valid UTF-8, else the fallback charset if the
     * whole file is valid in it. Refused: a file with a UTF-8 BOM that is not valid UTF-8, a file
     * valid in neither, and a file whose lines are valid UTF-8 with CJK text up to some line and
     * not after it (two encodings mixed: read as GBK, the UTF-8 part would become other characters).
     */
    static Decoding detect(Path file, String fallback) throws IOException {
        boolean bom = hasBom(file);
        Scan utf8 = scan(file, StandardCharsets.UTF_8, bom ? 3 : 0);
        if (utf8.valid()) {
            return Decoding.of(StandardCharsets.UTF_8);
        }
        if (bom) {
            return Decoding.refused(utf8.badLine(), "the file starts with a UTF-8 byte order mark but line "
                    + utf8.badLine() + " is not valid UTF-8: the whole file is refused, no record of it is read");
        }
        if (utf8.wideLineBefore()) {
            return Decoding.refused(utf8.badLine(), "the file is UTF-8 up to line " + utf8.badLine()
                    + " and not from there on (encodings mixed): the whole file is refused, no record of it is read");
        }
        Charset other = Charset.forName(fallback == null ? "GBK" : fallback);
        Scan alt = scan(file, other, 0);
        if (alt.valid()) {
            return Decoding.of(other);
        }
        return Decoding.refused(alt.badLine(), "the file is neither UTF-8 (line " + utf8.badLine() + ") nor "
                + other.name() + " (line " + alt.badLine() + "): the whole file is refused, no record of it is read");
    }

    /** Checks that a file decodes in one charset (no BOM sniffing beyond UTF-8's): refused where it does not. */
    static Decoding require(Path file, Charset cs) throws IOException {
        Scan s = scan(file, cs, cs.equals(StandardCharsets.UTF_8) && hasBom(file) ? 3 : 0);
        return s.valid() ? Decoding.of(cs) : Decoding.refused(s.badLine(), "line " + s.badLine() + " is not valid "
                + cs.name() + ": the whole file is refused, no record of it is read");
    }

    private static boolean hasBom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            return head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        }
    }

    /**
     * Decodes the whole file strictly, streaming. Also tells whether a complete line holding a
     * character of three UTF-8 bytes or more (CJK) came before the first bad byte: a GBK file
     * practically never has one, a UTF-8 file with GBK spliced in always does.
     */
    static Scan scan(Path file, Charset cs, int skip) throws IOException {
        CharsetDecoder decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(BUFFER);
        CharBuffer out = CharBuffer.allocate(BUFFER);
        long line = 1;
        boolean wide = false;
        boolean wideBefore = false;
        try (InputStream stream = Files.newInputStream(file)) {
            stream.skipNBytes(skip);
            boolean end = false;
            while (!end) {
                int n = stream.read(in.array(), in.position(), in.remaining());
                end = n < 0;
                if (n > 0) {
                    in.position(in.position() + n);
                }
                in.flip();
                CoderResult r;
                do {
                    r = decoder.decode(in, out, end);
                    if (end && r.isUnderflow()) {
                        r = decoder.flush(out);
                    }
                    out.flip();
                    for (int i = out.position(); i < out.limit(); i++) {
                        char c = out.get(i);
                        if (c == '\n') {
                            wideBefore |= wide;
                            wide = false;
                            line++;
                        } else if (c >= 0x800) {
                            wide = true;
                        }
                    }
                    out.clear();
                    if (r.isError()) {
                        return new Scan(line, wideBefore);
                    }
                } while (r.isOverflow());
                in.compact();
            }
        }
        return new Scan(0, false);
    }

    /** A strict reader: a byte that does not decode fails the read instead of becoming U+FFFD. */
    private static Reader reader(Path file, Charset cs) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        if (cs.equals(StandardCharsets.UTF_8)) {
            in.mark(3);
            byte[] bom = in.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xff) == 0xEF && (bom[1] & 0xff) == 0xBB && (bom[2] & 0xff) == 0xBF)) {
                in.reset();
            }
        }
        return new InputStreamReader(in, cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** A file refused as a whole: one record carrying the reason, nothing else read. */
    private static CloseableIterator refused(Decoding d) {
        return new Records() {
            @Override
            Record read() {
                stop();
                return new Record(d.line(), null, d.refusal(), true, null);
            }

            @Override
            public void close() {
                // nothing was opened
            }
        };
    }

    /**
     * The iterator all formats share: {@link #read()} gives the next record or null at the end;
     * a record that ends the file early (the rest cannot be read) calls {@link #stop()} first. The
     * file is closed when the records end.
     */
    private abstract static class Records implements CloseableIterator {
        private Record next;
        private boolean stopped;

        abstract Record read() throws IOException;

        final void stop() {
            stopped = true;
        }

        @Override
        public final boolean hasNext() {
            if (next == null && !stopped) {
                try {
                    next = read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (next == null) {
                    stopped = true;
                }
            }
            if (next == null) {
                try {
                    close();
                } catch (IOException ignored) {
                    // nothing more to read
                }
            }
            return next != null;
        }

        @Override
        public final Record next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Record r = next;
            next = null;
            return r;
        }
    }

    // ---- CSV ------------------------------------------------------------------------------

    private static CloseableIterator csv(Path file, ChannelDefinition.Csv options, java.util.Set<String> columns)
            throws IOException {
        String orderColumn = options == null ? null : options.orderColumn();
        char delimiter = options == null || options.delimiter() == null ? ',' : options.delimiter();
        Decoding decoding = detect(file, options == null ? null : options.fallbackCharset());
        if (decoding.refusal() != null) {
            return refused(decoding);
        }
        Reader reader = reader(file, decoding.charset());
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        MappingIterator<String[]> rows = mapper.readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(delimiter)).readValues(reader);
        String[] exported = rows.hasNextValue() ? trim(rows.nextValue()) : new String[0];
        String[] header = alias(exported, options);
        String structure = exported.length == 0 ? null : structure(exported, header, options, columns);
        int keyIndex = orderColumn == null ? -1 : Arrays.asList(header).indexOf(orderColumn);
        LineRule lineRule = LineRule.of(options == null ? null : options.lineAmount(), header);
        return new Records() {
            private String[] pending;
            private long pendingLine;

            @Override
            Record read() {
                if (header.length == 0) {
                    return null;
                }
                if (structure != null) {
                    stop();
                    return new Record(1, null, structure, true, null);
                }
                try {
                    List<Map<String, String>> group = new ArrayList<>();
                    Map<Object, Cell> cells = new java.util.IdentityHashMap<>();
                    String groupError = null;
                    long first = -1;
                    String key = null;
                    while (true) {
                        String[] row;
                        long line;
                        if (pending != null) {
                            row = pending;
                            line = pendingLine;
                            pending = null;
                        } else if (rows.hasNextValue()) {
                            // the parser stands on the row's first token: its line is the row's line
                            line = rows.getCurrentLocation().getLineNr();
                            row = rows.nextValue();
                            if (row.length == 1 && row[0].isBlank()) {
                                continue; // an empty line
                            }
                        } else {
                            return group.isEmpty() ? null : record(first, group, cells, groupError);
                        }
                        String rowKey = keyIndex < 0 || row.length != header.length ? null : row[keyIndex].trim();
                        if (!group.isEmpty() && (rowKey == null || !rowKey.equals(key))) {
                            // the order in hand is complete: this row waits for the next call
                            pending = row;
                            pendingLine = line;
                            return record(first, group, cells, groupError);
                        }
                        if (row.length != header.length) {
                            return new Record(line, null, "has " + row.length + " columns, the header has " + header.length);
                        }
                        if (group.isEmpty()) {
                            first = line;
                            key = rowKey;
                        }
                        Map<String, String> values = new LinkedHashMap<>();
                        for (int i = 0; i < header.length; i++) {
                            // a new String per cell: the mapping hands this very object to a function that
                            // refuses it, and the cell map finds its column by identity
                            String v = new String(row[i].trim());
                            values.put(header[i], v);
                            cells.put(v, new Cell(line, header[i]));
                        }
                        if (groupError == null && lineRule != null) {
                            groupError = lineRule.check(row, line);
                        }
                        group.add(values);
                    }
                } catch (IOException | RuntimeException e) {
                    stop();
                    return new Record(rows.getCurrentLocation().getLineNr(), null,
                            "cannot be read as CSV (the rest of the file is not read): " + e.getMessage());
                }
            }

            private Record record(long line, List<Map<String, String>> group, Map<Object, Cell> cells, String error) {
                if (error != null) {
                    return new Record(line, null, error);
                }
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("rows", group);
                payload.put("line", line);
                return new Record(line, payload, null, false, cells);
            }

            @Override
            public void close() throws IOException {
                rows.close();
                reader.close();
            }
        };
    }

    /** The export's header in the names the mapping reads: each alias of the channel renamed. */
    private static String[] alias(String[] exported, ChannelDefinition.Csv options) {
        if (options == null || options.aliases() == null) {
            return exported;
        }
        Map<String, String> rename = new java.util.HashMap<>();
        options.aliases().forEach((column, names) -> {
            if (names != null) {
                names.forEach(n -> rename.put(n.trim(), column));
            }
        });
        String[] out = new String[exported.length];
        for (int i = 0; i < exported.length; i++) {
            out[i] = rename.getOrDefault(exported[i], exported[i]);
        }
        return out;
    }

    /**
     * Why a header is not the mapping's (a column it reads is missing, a column twice), or null.
     * The file is then refused as a whole: every order of it would fail for the same reason.
     */
    private static String structure(String[] exported, String[] header, ChannelDefinition.Csv options,
                                    java.util.Set<String> columns) {
        String orderColumn = options == null ? null : options.orderColumn();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            String before = seen.putIfAbsent(header[i], exported[i]);
            // a column read under two names is ambiguous; two columns nobody reads are not our concern
            boolean read = columns.contains(header[i]) || header[i].equals(orderColumn)
                    || (options != null && options.aliases() != null && options.aliases().containsKey(header[i]));
            if (before != null && read) {
                return "the header has column '" + header[i] + "' twice (as '" + before + "' and '" + exported[i]
                        + "'): the whole file is refused, no record of it is read";
            }
        }
        java.util.Set<String> needed = new java.util.LinkedHashSet<>();
        if (orderColumn != null) {
            needed.add(orderColumn);
        }
        needed.addAll(columns);
        List<String> missing = needed.stream().filter(c -> !seen.containsKey(c)).toList();
        if (missing.isEmpty()) {
            return null;
        }
        return "the header has no column " + String.join(", ", missing.stream().map(c -> "'" + c + "'").toList())
                + ", which the mapping reads"
                + " (other export names go under csv.aliases in channel.yaml): the whole file is refused, no record of it is read";
    }

    /** The line-amount rule on one export's header: the column indexes, or none when a column is absent. */
    private record LineRule(ChannelDefinition.LineAmount rule, int amount, int quantity, int unitPrice, int discount) {
        static LineRule of(ChannelDefinition.LineAmount rule, String[] header) {
            if (rule == null) {
                return null;
            }
            List<String> h = Arrays.asList(header);
            int a = h.indexOf(rule.amount());
            int q = h.indexOf(rule.quantity());
            int p = h.indexOf(rule.unitPrice());
            int d = rule.discount() == null ? -1 : h.indexOf(rule.discount());
            return a < 0 || q < 0 || p < 0 ? null : new LineRule(rule, a, q, p, d);
        }

        /** Null when the row's amount is quantity × unit price − discount exactly (or blank), else why not. */
        String check(String[] row, long line) {
            String a = row[amount].trim();
            if (a.isEmpty()) {
                return null;
            }
            java.math.BigDecimal amt = number(a);
            java.math.BigDecimal qty = number(row[quantity].trim());
            java.math.BigDecimal price = number(row[unitPrice].trim());
            String disc = discount < 0 ? "" : row[discount].trim();
            java.math.BigDecimal off = disc.isEmpty() ? java.math.BigDecimal.ZERO : number(disc);
            if (amt == null || qty == null || price == null || off == null) {
                return "line " + line + ": the line amount rule " + rule.amount() + " = " + rule.quantity() + " × "
                        + rule.unitPrice() + (discount < 0 ? "" : " − " + rule.discount()) + " cannot be checked: '"
                        + (amt == null ? a : qty == null ? row[quantity].trim() : price == null ? row[unitPrice].trim() : disc)
                        + "' in column " + (amt == null ? rule.amount() : qty == null ? rule.quantity()
                        : price == null ? rule.unitPrice() : rule.discount()) + " is not a number";
            }
            java.math.BigDecimal expected = qty.multiply(price).subtract(off);
            if (amt.compareTo(expected) == 0) {
                return null;
            }
            return "line " + line + ": column " + rule.amount() + " is " + a + ", but " + rule.quantity() + " × "
                    + rule.unitPrice() + (discount < 0 ? "" : " − " + rule.discount()) + " = " + qty.toPlainString()
                    + " × " + price.toPlainString() + (discount < 0 ? "" : " − " + off.toPlainString()) + " = "
                    + expected.toPlainString();
        }

        private static java.math.BigDecimal number(String s) {
            try {
                return new java.math.BigDecimal(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private static String[] trim(String[] header) {
        String[] out = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            out[i] = header[i].replace("\uFEFF", "").trim();
        }
        return out;
    }

    // ---- JSON lines -----------------------------------------------------------------------

    private static CloseableIterator jsonl(Path file) throws IOException {
        // JSON text is UTF-8 (RFC 8259)
        Decoding decoding = require(file, StandardCharsets.UTF_8);
        if (decoding.refusal() != null) {
            return refused(decoding);
        }
        BufferedReader in = new BufferedReader(reader(file, StandardCharsets.UTF_8));
        return new Records() {
            private long line;

            @Override
            Record read() throws IOException {
                String s;
                while ((s = in.readLine()) != null) {
                    line++;
                    if (!s.isBlank()) {
                        return new Record(line, s, null);
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    // ---- XML ------------------------------------------------------------------------------

    private static CloseableIterator xml(Path file, String element) throws IOException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        XMLStreamReader r;
        try {
            r = f.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            in.close();
            throw new IOException(e);
        }
        // the parser may decode a declared charset such as GBK leniently: the whole file is checked first
        Decoding decoding;
        try {
            decoding = require(file, xmlCharset(r));
        } catch (IllegalArgumentException unknown) {
            decoding = Decoding.refused(1, "the declared encoding " + r.getCharacterEncodingScheme()
                    + " is not known: the whole file is refused, no record of it is read");
        }
        if (decoding.refusal() != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // the stream below is closed next
            }
            in.close();
            return refused(decoding);
        }
        return new Records() {
            private long records;
            private int depth;
            private String root;
            private String child;

            @Override
            Record read() {
                try {
                    while (r.hasNext()) {
                        int event = r.next();
                        if (event == XMLStreamConstants.DTD) {
                            // the parser neither expands nor fetches it (DTD support off), but an order export has
                            // no use for one: refused like the POS contract refuses it (XXE, entity expansion)
                            stop();
                            return new Record(r.getLocation().getLineNumber(), null, "has a DOCTYPE: DTDs and entities"
                                    + " are not accepted in order files; the whole file is refused, no record of it is read",
                                    true, null);
                        }
                        if (event == XMLStreamConstants.START_ELEMENT && element.equals(r.getLocalName())) {
                            long line = r.getLocation().getLineNumber();
                            records++;
                            return new Record(line, copy(r), null);
                        }
                        if (event == XMLStreamConstants.START_ELEMENT) {
                            depth++;
                            if (depth == 1) {
                                root = r.getLocalName();
                            } else if (child == null) {
                                child = r.getLocalName();
                            }
                        } else if (event == XMLStreamConstants.END_ELEMENT) {
                            depth--;
                        }
                    }
                    if (records == 0 && child != null) {
                        // elements, but none the mapping reads: "0 records, done" would lose the file silently
                        stop();
                        return new Record(1, null, "no <" + element + "> element in the file (it has <" + root + "> with <"
                                + child + ">): the file is not in the structure the mapping reads (xml.record in"
                                + " channel.yaml); the whole file is refused, no record of it is read", true, null);
                    }
                    return null;
                } catch (XMLStreamException e) {
                    return notWellFormed(e);
                } catch (RuntimeException e) {
                    // Woodstox reports some errors lazily, when the text is read (a character reference to
                    // NUL or a lone surrogate: WstxLazyException); they are the same not-well-formed XML,
                    // not a failure of the hub that would leave the file in the inbox to be read forever
                    if (e.getCause() instanceof XMLStreamException x) {
                        return notWellFormed(x);
                    }
                    throw e;
                }
            }

            private Record notWellFormed(XMLStreamException e) {
                stop();
                long line = e.getLocation() == null ? r.getLocation().getLineNumber() : e.getLocation().getLineNumber();
                return new Record(line, null, "is not well-formed XML (the rest of the file is not read): "
                        + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            }

            @Override
            public void close() throws IOException {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // the stream below is closed next
                }
                in.close();
            }
        };
    }

    /** The charset the parser reads the file in: declared, else found from its first bytes, else UTF-8. */
    private static Charset xmlCharset(XMLStreamReader r) {
        String name = r.getEncoding() != null ? r.getEncoding() : r.getCharacterEncodingScheme();
        return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    }

    /** Copies the element the reader is on, with its subtree, as an XML document. */
    private static String copy(XMLStreamReader r) throws XMLStreamException {
        StringWriter out = new StringWriter();
        XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        int depth = 0;
        do {
            switch (r.getEventType()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    w.writeStartElement(r.getLocalName());
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        w.writeAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
                    }
                    depth++;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    w.writeEndElement();
                    depth--;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        w.writeCharacters(r.getText());
                default -> {
                }
            }
            if (depth == 0) {
                break;
            }
            r.next();
        } while (true);
        w.flush();
        return out.toString();
    }
}
