package io.orderhub.channels;

import io.orderhub.canonical.InvalidOrderException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-drop side of the channels, called by each inbox route: splits a file into records,
 * and writes every record that does not become an order to an error file next to the archived
 * file ({@code .archive/<archived name>.errors.csv}: line, reason). Nothing is dropped silently:
 * a record is stored, parked on the needs-attention queue, or listed in the error file. A file
 * whose bytes are not valid in its charset is one line of the error file (the first bad line and
 * why) and no record of it reaches the intake: {@link FileRecords} checks the whole file first.
 */
public class FileDrops {

    private static final Logger LOG = LoggerFactory.getLogger(FileDrops.class);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final ChannelMappings mappings;

    /** Counts of one file, for the log line at its end. */
    public record Tally(AtomicLong records, AtomicLong errors) {
    }

    public FileDrops(ChannelMappings mappings) {
        this.mappings = mappings;
    }

    /**
     * Opens the dropped file as records. The error file of an earlier, interrupted run of the same
     * file is replaced, so a restart mid-file does not list a line twice.
     */
    public FileRecords.CloseableIterator open(Exchange exchange) throws IOException {
        File file = exchange.getIn().getBody(File.class);
        String mapping = exchange.getProperty("mapping", String.class);
        Path errors = errorFile(exchange);
        Files.createDirectories(errors.getParent());
        Files.deleteIfExists(errors);
        exchange.setProperty("errorFile", errors.toString());
        exchange.setProperty("tally", new Tally(new AtomicLong(), new AtomicLong()));
        return FileRecords.open(file.toPath(), mappings.channel(mapping).definition());
    }

    private static Path errorFile(Exchange exchange) {
        String archive = exchange.getProperty("archiveDir", String.class);
        String name = exchange.getProperty("archivedAs", String.class);
        return Path.of(archive).resolve(name + ".errors.csv");
    }

    /** One record of the split: its payload goes on, an unreadable one fails with its reason. */
    public Object record(Exchange exchange) {
        FileRecords.Record r = exchange.getIn().getBody(FileRecords.Record.class);
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty("line", r.line());
        exchange.setProperty("source", "file " + file + " line " + r.line());
        exchange.getProperty("tally", Tally.class).records().incrementAndGet();
        if (r.error() != null) {
            throw new UnreadableRecordException(r.error());
        }
        return r.payload();
    }

    /** After the intake: a parked record is listed in the error file too, with where it went. */
    @SuppressWarnings("unchecked")
    public void done(Exchange exchange) {
        List<String> reasons = exchange.getProperty(ChannelIntake.NEEDS_ATTENTION, List.class);
        if (reasons != null) {
            error(exchange, "sent to the needs-attention queue: " + String.join("; ", reasons));
        }
    }

    /** A record the intake refused: its line and every reason go to the error file. */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = e instanceof InvalidOrderException invalid
                ? invalid.errors().stream().map(f -> f.field() + " " + f.reason()).collect(Collectors.joining("; "))
                : e.getMessage();
        error(exchange, reason);
    }

    private void error(Exchange exchange, String reason) {
        exchange.getProperty("tally", Tally.class).errors().incrementAndGet();
        Path errors = Path.of(exchange.getProperty("errorFile", String.class));
        String line = exchange.getProperty("line", Long.class) + "," + csv(reason) + "\n";
        synchronized (this) {
            try {
                if (!Files.exists(errors)) {
                    Files.write(errors, BOM);
                    Files.writeString(errors, "line,reason\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
                Files.writeString(errors, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    }

    private static String csv(String s) {
        String v = String.valueOf(s).replace("\r", " ").replace("\n", " ");
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /** The file is done: one log line with its counts. */
    public void finish(Exchange exchange) {
        Tally t = exchange.getProperty("tally", Tally.class);
        LOG.info("file {} ({}): {} records, {} listed in {}", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY),
                exchange.getProperty("mapping"), t.records().get(), t.errors().get(),
                t.errors().get() == 0 ? "no error file" : exchange.getProperty("errorFile"));
    }
}
