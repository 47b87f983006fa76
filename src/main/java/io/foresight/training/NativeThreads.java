package io.foresight.training;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code foresight.training.threads} at start-up: the threads ND4J may use inside one operation
 * (its own thread pool's master threads, OpenMP, the BLAS library). The service's networks are small and
 * their cost is per-operation overhead, so splitting an operation across threads buys little, and on a busy
 * machine the threads that wait for each other spin and burn the CPU another job needed: one thread per
 * operation is faster on 2 cores (docs/BENCHMARK.md). Parallelism comes from the training workers and the
 * request threads instead. Unset leaves ND4J's default of one thread per core; the {@code OMP_NUM_THREADS}
 * environment variable (the Docker image sets 1) covers the OpenMP part for every thread from the start.
 */
final class NativeThreads {

    static final String PROPERTY = "foresight.training.threads";

    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

    private NativeThreads() {
    }

    /** Applies {@code threads} from {@value #PROPERTY}, when set (the service calls it once at start-up). */
    static void configure(Integer threads) {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new IllegalArgumentException(PROPERTY + " must be at least 1; got " + threads);
        }
        apply(threads);
        LOG.info("ND4J native threads per operation: {}", threads);
    }

    /**
     * Sets every native thread knob ND4J has. Its own thread pool's master threads and the BLAS threads are
     * process-wide; OpenMP's count is per calling thread (threads started later take {@code OMP_NUM_THREADS}).
     * ND4J's {@code Environment.setMaxThreads} is not called: in this version it does nothing.
     */
    static void apply(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
