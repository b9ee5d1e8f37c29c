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
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
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
 * the error file and goes on.
 */
public final class FileRecords {

    /** One order's worth of a file: where it starts, the payload for the mapping, or why it is unreadable. */
    public record Record(long line, Object payload, String error) {
    }

    private FileRecords() {
    }

    /** Opens a file as a closeable iterator of records. */
    public static CloseableIterator open(Path file, ChannelDefinition d) throws IOException {
        return switch (d.format()) {
            case csv -> csv(file, d.csv());
            case xml -> xml(file, d.xml() == null || d.xml().record() == null ? "Order" : d.xml().record());
            case jsonl, json -> jsonl(file);
        };
    }

    /** An iterator that releases its file when done or closed. */
    public interface CloseableIterator extends Iterator<Record>, Closeable {
    }

    // ---- charset --------------------------------------------------------------------------

    /** UTF-8 if the file starts with a BOM or its first 64 KiB decode as UTF-8, else the fallback. */
    static Charset detect(Path file, String fallback) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(65536);
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        int end = head.length;
        // the 64 KiB cut may split a multi-byte character: drop a trailing partial sequence
        if (end == 65536) {
            int i = end - 1;
            while (i > end - 4 && (head[i] & 0xC0) == 0x80) {
                i--;
            }
            end = i;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return Charset.forName(fallback == null ? "GBK" : fallback);
        }
    }

    private static Reader reader(Path file, Charset cs) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536);
        if (cs.equals(StandardCharsets.UTF_8)) {
            in.mark(3);
            byte[] bom = in.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xff) == 0xEF && (bom[1] & 0xff) == 0xBB && (bom[2] & 0xff) == 0xBF)) {
                in.reset();
            }
        }
        return new InputStreamReader(in, cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
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

    private static CloseableIterator csv(Path file, ChannelDefinition.Csv options) throws IOException {
        String orderColumn = options == null ? null : options.orderColumn();
        char delimiter = options == null || options.delimiter() == null ? ',' : options.delimiter();
        Reader reader = reader(file, detect(file, options == null ? null : options.fallbackCharset()));
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        MappingIterator<String[]> rows = mapper.readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(delimiter)).readValues(reader);
        String[] header = rows.hasNextValue() ? trim(rows.nextValue()) : new String[0];
        int keyIndex = orderColumn == null ? -1 : Arrays.asList(header).indexOf(orderColumn);
        return new Records() {
            private String[] pending;
            private long pendingLine;

            @Override
            Record read() {
                if (header.length == 0) {
                    return null;
                }
                if (keyIndex < 0 && orderColumn != null) {
                    stop();
                    return new Record(1, null, "the header has no column '" + orderColumn + "'");
                }
                try {
                    List<Map<String, String>> group = new ArrayList<>();
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
                            return group.isEmpty() ? null : record(first, group);
                        }
                        String rowKey = keyIndex < 0 || row.length != header.length ? null : row[keyIndex].trim();
                        if (!group.isEmpty() && (rowKey == null || !rowKey.equals(key))) {
                            // the order in hand is complete: this row waits for the next call
                            pending = row;
                            pendingLine = line;
                            return record(first, group);
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
                            values.put(header[i], row[i].trim());
                        }
                        group.add(values);
                    }
                } catch (IOException | RuntimeException e) {
                    stop();
                    return new Record(rows.getCurrentLocation().getLineNr(), null,
                            "cannot be read as CSV (the rest of the file is not read): " + e.getMessage());
                }
            }

            private Record record(long line, List<Map<String, String>> group) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("rows", group);
                payload.put("line", line);
                return new Record(line, payload, null);
            }

            @Override
            public void close() throws IOException {
                rows.close();
                reader.close();
            }
        };
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
        return new Records() {
            @Override
            Record read() {
                try {
                    while (r.hasNext()) {
                        if (r.next() == XMLStreamConstants.START_ELEMENT && element.equals(r.getLocalName())) {
                            long line = r.getLocation().getLineNumber();
                            return new Record(line, copy(r), null);
                        }
                    }
                    return null;
                } catch (XMLStreamException e) {
                    stop();
                    long line = e.getLocation() == null ? r.getLocation().getLineNumber() : e.getLocation().getLineNumber();
                    return new Record(line, null, "is not well-formed XML (the rest of the file is not read): "
                            + e.getMessage().replaceAll("\\s+", " "));
                }
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
