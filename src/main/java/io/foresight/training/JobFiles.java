package io.foresight.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The jobs folder that every replica on one data directory shares: {@code jobs/<id>.json} is the job as the API shows
 * it plus its {@code owner} (the process that runs it); the file's modification time is the owner's heartbeat (a
 * running job's file is refreshed by its owner, {@link #touch}); {@code jobs/<id>.cancel} asks the owner to cancel it.
 */
final class JobFiles {

    /** No job file write takes this long: an older {@code .tmp-*} is a crash's leftover, a younger one may be a write. */
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(JobFiles.class);
    private static final Pattern ID = Pattern.compile("job-[0-9a-f]{12}");
    private static final String JOB = ".json";
    private static final String CANCEL = ".cancel";
    private static final String OWNER = "owner";

    /** A job as its file holds it. */
    record Stored(TrainingJobView job, JobOwner owner, Instant heartbeat) {
    }

    private final Path dir;
    private final JsonMapper json;

    JobFiles(Path dir, JsonMapper json) {
        this.dir = dir;
        this.json = json;
    }

    static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    void save(TrainingJobView job, JobOwner owner) {
        ObjectNode node = json.valueToTree(job);
        node.set(OWNER, json.valueToTree(owner));
        AtomicFiles.writeFile(file(job.id()), json.writeValueAsBytes(node));
    }

    /** The job's file; empty when there is none or it cannot be read (logged). */
    Optional<Stored> read(String id) {
        Path file = file(id);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Instant heartbeat = Files.getLastModifiedTime(file).toInstant();
            JsonNode node = json.readTree(bytes);
            JsonNode owner = node instanceof ObjectNode object ? object.remove(OWNER) : null;
            TrainingJobView job = json.treeToValue(node, TrainingJobView.class);
            if (!id.equals(job.id())) {
                log.warn("Ignoring job file {}: it holds job {}", file, job.id());
                return Optional.empty();
            }
            return Optional.of(new Stored(job, owner == null || owner.isNull() ? null : json.treeToValue(owner, JobOwner.class),
                    heartbeat));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            log.warn("Ignoring unreadable job file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** The ids of every job file: the folder's names, no file read or looked at. */
    Set<String> ids() {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + JOB)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String id = name.substring(0, name.length() - JOB.length());
                if (isId(id)) {
                    ids.add(id);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        return ids;
    }

    /** When the job's file was last written or refreshed; empty when there is none. */
    Optional<Instant> modified(String id) {
        try {
            return Optional.of(Files.getLastModifiedTime(file(id)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The owner's heartbeat: sets the file's modification time to now (cheap: no content written, nothing forced). */
    void touch(String id) {
        try {
            Files.setLastModifiedTime(file(id), FileTime.from(Instant.now()));
        } catch (NoSuchFileException e) {
            // not saved yet
        } catch (IOException e) {
            log.warn("Cannot refresh the file of job {}: {}", id, e.toString());
        }
    }

    /** Whether the file was last modified at {@code heartbeat}, i.e. nobody has written it since it was read. */
    boolean unchangedSince(String id, Instant heartbeat) {
        return modified(id).filter(heartbeat::equals).isPresent();
    }

    void requestCancel(String id) {
        try {
            Files.createDirectories(dir);
            Files.write(file(id).resolveSibling(id + CANCEL), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot ask for job " + id + " to be cancelled", e);
        }
    }

    boolean cancelRequested(String id) {
        return Files.exists(dir.resolve(id + CANCEL));
    }

    void clearCancel(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + CANCEL));
        } catch (IOException e) {
            log.warn("Cannot remove the cancel request of job {}: {}", id, e.toString());
        }
    }

    /** Removes leftovers of interrupted writes, only old ones: another process may be writing a young one. */
    void removeOldTemporaries() {
        AtomicFiles.removeTemporaries(dir, LEFTOVER_AGE);
    }

    private Path file(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a job id");
        }
        return dir.resolve(id + JOB);
    }
}
