package io.foresight.training;

/** A training monitor that reports nothing and never stops a job: for tests that call the trainer directly. */
final class QuietMonitor {

    static final Trainer.Monitor QUIET = new Trainer.Monitor() {
        @Override
        public void progress(Progress progress) {
        }

        @Override
        public void checkpoint() {
        }
    };

    private QuietMonitor() {
    }
}
