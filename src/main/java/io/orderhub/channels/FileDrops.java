package io.orderhub.channels;

import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.canonical.PersonalData;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-drop side of the channels, called by each inbox route: splits a file into records,
 * and writes every record that does not become an order to an error file next to the archived
 * file ({@code .archive/<archived name>.errors.csv}: line, reason, and for a value that cannot be
 * converted its column and value; every cell neutralised against spreadsheet formulas). Nothing is
 * dropped silently: a record is stored, parked on the needs-attention queue (only when a master-data
 * fix can cure it), or listed in the error file. A file whose bytes are not valid in its charset, or
 * whose structure is not the mapping's (a column the mapping reads missing from the header, no
 * record element), is refused as a whole: one line of the error file (where and why), no record of
 * it reaches the intake ({@link FileRecords} checks first), and it goes with its error file to
 * {@code .refused/}, not to the archive of done files.
 */
public class FileDrops {

    private static final Logger LOG = LoggerFactory.getLogger(FileDrops.class);
    /** The inbox folder of files refused as a whole (beside {@code .archive/}). */
    public static final String REFUSED = ".refused";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final ChannelMappings mappings;

    /** Counts of one file, for the log line at its end, and why the whole file was refused (null if not). */
    public record Tally(AtomicLong records, AtomicLong errors, AtomicReference<String> refusal) {
    }

    /** Checksums of files seen in the inboxes, by path, size and modification time: a file left in place is hashed once. */
    private final Map<String, String> checksums = new ConcurrentHashMap<>();

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
        exchange.setProperty("tally", new Tally(new AtomicLong(), new AtomicLong(), new AtomicReference<>()));
        ChannelMappings.Channel channel = mappings.channel(mapping);
        return FileRecords.open(file.toPath(), channel.definition(), channel.columns());
    }

    /**
     * A dropped file's identity within its inbox: the SHA-256 of its content. The route's key is
     * the inbox and this, so the next day's export under the same name (and maybe the same size) is
     * read, and the same content dropped again is not. The inbox is polled every second and a file
     * not taken stays there, so the checksum is kept per path, size and modification time.
     */
    public String checksum(Exchange exchange) throws IOException {
        Object body = exchange.getIn().getBody();
        File file = body instanceof GenericFile<?> g && g.getFile() instanceof File f ? f : exchange.getIn().getBody(File.class);
        String seen = file.getAbsolutePath() + "|" + file.length() + "|" + file.lastModified();
        String known = checksums.get(seen);
        if (known != null) {
            return known;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file.toPath()), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (java.nio.file.NoSuchFileException gone) {
            return null; // moved away since the inbox was listed: nothing to take or record
        }
        String sum = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (checksums.size() > 10_000) {
            checksums.clear(); // the files behind old entries are long archived
        }
        checksums.put(seen, sum);
        return sum;
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
        exchange.setProperty("fileRecord", r);
        if (r.wholeFile()) {
            exchange.getProperty("tally", Tally.class).refusal().set(r.error());
        }
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
        if (e instanceof UnconvertibleValueException bad) {
            FileRecords.Record r = exchange.getProperty("fileRecord", FileRecords.Record.class);
            FileRecords.Cell cell = r == null ? null : r.cell(bad.value());
            // the error file is for people: a name, phone, address or card number in it is masked
            String column = cell != null ? cell.column() : bad.errors().isEmpty() ? null : bad.errors().get(0).field();
            String value = bad.value() == null ? "" : PersonalData.maskIfPersonal(column, bad.value());
            if (cell != null) {
                error(exchange, "line " + cell.line() + ", column " + cell.column() + ": '" + value + "' " + bad.problem(),
                        cell.column(), value);
            } else {
                error(exchange, bad.getMessage(), "", value);
            }
            return;
        }
        String reason = e instanceof InvalidOrderException invalid
                ? invalid.errors().stream().map(f -> f.field() + " " + f.reason()).collect(Collectors.joining("; "))
                : e.getMessage();
        error(exchange, reason);
    }

    private void error(Exchange exchange, String reason) {
        error(exchange, reason, "", "");
    }

    private void error(Exchange exchange, String reason, String column, String value) {
        exchange.getProperty("tally", Tally.class).errors().incrementAndGet();
        Path errors = Path.of(exchange.getProperty("errorFile", String.class));
        String line = exchange.getProperty("line", Long.class) + "," + csv(reason) + "," + csv(column) + "," + csv(value) + "\n";
        synchronized (this) {
            try {
                if (!Files.exists(errors)) {
                    Files.write(errors, BOM);
                    Files.writeString(errors, "line,reason,column,value\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
                Files.writeString(errors, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    }

    /**
     * One error-file cell, quoted, and neutralised against formula injection: a spreadsheet runs a
     * cell starting with =, +, -, @, tab or CR as a formula, so such a cell gets a leading
     * apostrophe (OWASP, CSV Injection). Line breaks inside become spaces: one record, one line.
     */
    static String csv(String s) {
        String v = String.valueOf(s);
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        v = v.replace("\r", " ").replace("\n", " ");
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /**
     * The file is done: one log line with its counts. A file refused as a whole (its charset, or a
     * structure not the mapping's) goes with its error file to {@code .refused/}, not to the
     * archive of done files: nothing of it was read.
     */
    public void finish(Exchange exchange) throws IOException {
        Tally t = exchange.getProperty("tally", Tally.class);
        if (t.refusal().get() != null) {
            Path errors = Path.of(exchange.getProperty("errorFile", String.class));
            Path refusedDir = Path.of(exchange.getProperty("archiveDir", String.class)).resolveSibling(REFUSED);
            Files.createDirectories(refusedDir);
            if (Files.exists(errors)) {
                Files.move(errors, refusedDir.resolve(errors.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            exchange.setProperty("filedAs", REFUSED + "/" + exchange.getProperty("archivedAs", String.class));
            LOG.warn("file {} ({}) refused as a whole, moved to {}: {}", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY),
                    exchange.getProperty("mapping"), refusedDir, t.refusal().get());
            return;
        }
        LOG.info("file {} ({}): {} records, {} listed in {}", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY),
                exchange.getProperty("mapping"), t.records().get(), t.errors().get(),
                t.errors().get() == 0 ? "no error file" : exchange.getProperty("errorFile"));
    }
}
