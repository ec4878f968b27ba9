package org.vaepriors.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vaepriors.LabPaths;
import org.vaepriors.io.Json;

/**
 * The lock of one run folder: whoever holds it trains the run; everyone else who asks for the same run waits
 * for it to finish and then loads the result, or fails at once when asked to.
 *
 * <p>The lock is a POSIX record lock ({@code fcntl}, through {@link FileChannel#tryLock}) on the folder's
 * {@code run.lock}. The operating system holds it for the process and drops it when the process ends, however
 * it ends: a run killed with SIGKILL, by the OOM killer or by Slurm at its time limit leaves no lock behind,
 * so there is nothing to time out and no heartbeat to keep. On NFS the same call takes a lock on the server
 * (NFSv4 leases; NFSv3 through lockd), so processes on different nodes of a cluster exclude each other too,
 * and a node that dies loses its locks when its lease runs out. A lock file with a PID, boot id and heartbeat
 * would need all of this written by hand, and would still have to guess, from clocks that differ between
 * nodes, when a silent holder is dead.
 *
 * <p>Who holds the lock is written into the same file while it is held (host, PID, user, Slurm job, start
 * time) and erased on a clean release. Finding that record when the lock is free means its writer died
 * while holding the lock: the new holder {@linkplain #previous() takes the run over} (a VAE resumes from
 * its last checkpoint on the same trajectory).
 *
 * <p>Within one JVM, threads asking for the same folder queue on a semaphore before the file is touched.
 * POSIX locks belong to a process, and closing any channel to a file drops all of the process's locks on it,
 * so this JVM never opens a second channel to a lock file it holds (see {@link #probe}).
 */
public final class RunLock implements AutoCloseable {
    /** The lock file in every run folder. It is never deleted: a deleted lock file could be locked twice. */
    public static final String FILE = "run.lock";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Map<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();
    private static final Map<Path, Holder> HELD_HERE = new ConcurrentHashMap<>();

    private final Path dir;
    private final Semaphore permit;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder previous;
    private boolean released;

    private RunLock(Path dir, Semaphore permit, FileChannel channel, FileLock lock, Holder previous) {
        this.dir = dir;
        this.permit = permit;
        this.channel = channel;
        this.lock = lock;
        this.previous = previous;
    }

    /**
     * Who holds (or held) a run's lock.
     *
     * @param host      the host name
     * @param pid       the process id
     * @param user      the user name
     * @param job       the Slurm job and array task ("123_4"), or null outside Slurm
     * @param startedAt when the lock was taken (ISO-8601)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holder(String host, long pid, String user, String job, String startedAt) {
        /** Validates the fields. */
        public Holder {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        /** @return this process, now */
        public static Holder current() {
            String job = LabPaths.setting("vaepriors.job", "SLURM_JOB_ID");
            String task = System.getenv("SLURM_ARRAY_TASK_ID");
            String arrayJob = System.getenv("SLURM_ARRAY_JOB_ID");
            if (arrayJob != null && task != null) {
                job = arrayJob + "_" + task;
            }
            return new Holder(hostName(), ProcessHandle.current().pid(), System.getProperty("user.name", "?"), job,
                    Instant.now().toString());
        }

        @Override
        public String toString() {
            return "pid " + pid + " on " + host + " (" + user + (job == null ? "" : ", Slurm job " + job)
                    + ") since " + startedAt;
        }
    }

    /** How long to wait for a run another process (or thread) is training. */
    public sealed interface Wait permits Wait.Forever, Wait.AtMost {
        /** Wait until the holder finishes, however long. */
        record Forever() implements Wait {
        }

        /**
         * Wait at most this long, then fail; zero fails at once.
         *
         * @param limit the longest wait
         */
        record AtMost(Duration limit) implements Wait {
            /** Validates the limit. */
            public AtMost {
                if (limit.isNegative()) {
                    throw new IllegalArgumentException("a wait cannot be negative, got " + limit);
                }
            }
        }

        /** @return wait as long as it takes */
        static Wait forever() {
            return new Forever();
        }

        /** @return fail at once if the run is held */
        static Wait failFast() {
            return new AtMost(Duration.ZERO);
        }

        /**
         * {@code VAEPRIORS_WAIT} (or {@code -Dvaepriors.wait}): seconds to wait for a run another process is
         * training; 0 fails at once; unset waits as long as it takes.
         *
         * @return the policy in the environment
         * @throws IllegalArgumentException if the value is not a number of seconds
         */
        static Wait fromEnv() {
            String v = LabPaths.setting("vaepriors.wait", "VAEPRIORS_WAIT");
            if (v == null) {
                return forever();
            }
            try {
                return new AtMost(Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("VAEPRIORS_WAIT must be a number of seconds (0 fails at once when a "
                        + "run is held by another process), got '" + v + "'");
            }
        }
    }

    /** Thrown when a run is held by another process or thread and the caller would not wait (longer). */
    public static final class HeldException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Holder holder;

        HeldException(Path dir, Holder holder, Duration waited) {
            super("run " + dir.getFileName() + " is being trained by " + (holder == null ? "another process" : holder)
                    + (waited.isZero() ? "" : "; gave up after waiting " + waited.toSeconds() + " s")
                    + ". Ask again when it has finished (the 'status' command shows it), or unset VAEPRIORS_WAIT to wait for it.");
            this.holder = holder;
        }

        /** @return who holds the run, if known */
        public Optional<Holder> holder() {
            return Optional.ofNullable(holder);
        }
    }

    /**
     * Takes a run folder's lock, creating the folder if needed.
     *
     * @param dir     the run folder
     * @param wait    how long to wait if it is held
     * @param waiting told once, with the holder (null if unknown), when the lock is held and this call waits
     * @return the held lock; close it to release
     * @throws HeldException        if the lock is held and the wait runs out
     * @throws UncheckedIOException if the file system cannot lock files (the message names it and the fix)
     */
    public static RunLock acquire(Path dir, Wait wait, Consumer<Holder> waiting) {
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(waiting, "waiting");
        Path key = key(dir, true);
        Instant start = Instant.now();
        Instant deadline = wait instanceof Wait.AtMost a ? start.plus(a.limit()) : null;
        Semaphore permit = permit(key);
        boolean told = false;
        try {
            if (!permit.tryAcquire()) {
                waiting.accept(HELD_HERE.get(key));
                told = true;
                if (deadline == null) {
                    permit.acquire();
                } else if (!permit.tryAcquire(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()),
                        TimeUnit.MILLISECONDS)) {
                    throw new HeldException(key, HELD_HERE.get(key), Duration.between(start, Instant.now()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for run " + key.getFileName(), e);
        }
        FileChannel channel = null;
        boolean acquired = false;
        try {
            Path file = key.resolve(FILE);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = tryLock(channel, file);
                if (lock != null) {
                    Holder previous = parse(read(channel)).orElse(null);
                    Holder me = Holder.current();
                    write(channel, Json.write(me));
                    HELD_HERE.put(key, me);
                    acquired = true;
                    return new RunLock(key, permit, channel, lock, previous);
                }
                if (deadline != null && !Instant.now().isBefore(deadline)) {
                    throw new HeldException(key, parse(read(channel)).orElse(null), Duration.between(start, Instant.now()));
                }
                if (!told) {
                    waiting.accept(parse(read(channel)).orElse(null));
                    told = true;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for run " + key.getFileName(), e);
        } finally {
            if (!acquired) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                permit.release();
            }
        }
    }

    /**
     * Whether a run folder's lock is held now, and by whom, without waiting and without disturbing a holder
     * in this JVM.
     *
     * @param dir the run folder
     * @return the lock's state
     */
    public static State probe(Path dir) {
        Path key = key(dir, false);
        Path file = key.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new State(false, Optional.empty());
        }
        Semaphore permit = permit(key);
        if (!permit.tryAcquire()) {
            // a thread of this JVM holds the lock or waits for it: never open a second channel to its file here,
            // since closing that channel would drop this process's lock
            Holder h = HELD_HERE.get(key);
            return h != null ? new State(true, Optional.of(h)) : new State(false, Optional.empty());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(ch, file);
            Optional<Holder> record = parse(read(ch));
            if (lock == null) {
                return new State(true, Optional.of(record.orElse(unknown())));
            }
            lock.release();
            return new State(false, record);
        } catch (NoSuchFileException e) {
            return new State(false, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            permit.release();
        }
    }

    /**
     * A lock's state, as {@link #probe} found it.
     *
     * @param held   true if a live process holds the lock
     * @param holder the holder record in the lock file: the live holder's when held; when free, the record of
     *               a holder that died while holding it (a clean release erases it), or empty
     */
    public record State(boolean held, Optional<Holder> holder) {
        /** Validates the fields. */
        public State {
            Objects.requireNonNull(holder, "holder");
        }
    }

    /** @return the holder whose record was in the lock file when this lock was taken: it died holding it */
    public Optional<Holder> previous() {
        return Optional.ofNullable(previous);
    }

    /** @return the run folder (its real path) */
    public Path dir() {
        return dir;
    }

    /** Erases the holder record and releases the lock (idempotent). */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        HELD_HERE.remove(dir);
        try {
            channel.truncate(0);
            channel.force(false);
        } catch (IOException ignored) {
            // the record stays: the next holder reports a takeover, which costs nothing
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(channel);
            permit.release();
        }
    }

    private static FileLock tryLock(FileChannel channel, Path file) throws IOException {
        try {
            return channel.tryLock(0, Long.MAX_VALUE, false);
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("run lock " + file + " is held by this JVM outside RunLock", e);
        } catch (IOException e) {
            String type;
            try {
                type = Files.getFileStore(file).type();
            } catch (IOException ignored) {
                type = "unknown";
            }
            throw new IOException("cannot lock " + file + " (file system type " + type + "): " + e.getMessage()
                    + ". Runs are locked with POSIX record locks: on NFS, mount with locking (NFSv4, or lockd/statd"
                    + " running for NFSv3, not 'nolock'); on Lustre, mount with 'flock'. Or point VAEPRIORS_RESULTS"
                    + " at a file system that supports them.", e);
        }
    }

    private static Semaphore permit(Path key) {
        return IN_JVM.computeIfAbsent(key, k -> new Semaphore(1, true));
    }

    /** The folder's real path, the same for every way of naming it (the key of the in-JVM queue). */
    private static Path key(Path dir, boolean create) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (create) {
                Files.createDirectories(abs);
            }
            return Files.exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || size > 1 << 16) {
            return "";
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
            // until the whole record is in
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static void write(FileChannel channel, String text) throws IOException {
        channel.truncate(0);
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long pos = 0;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        channel.force(false);
    }

    private static Optional<Holder> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(text, Holder.class));
        } catch (RuntimeException e) {
            return Optional.of(unknown()); // a record cut short by a crash mid-write still means "someone held it"
        }
    }

    private static Holder unknown() {
        return new Holder("?", -1, "?", null, "?");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String h = System.getenv("HOSTNAME");
            return h != null && !h.isBlank() ? h : ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
