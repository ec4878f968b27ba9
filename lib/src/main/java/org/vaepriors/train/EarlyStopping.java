package org.vaepriors.train;

/**
 * Early stopping as the papers' code does it: keep the epoch with the lowest validation loss; stop after
 * {@code patience} epochs without improvement, the counter held at 0 during the KL warm-up (while beta
 * rises, later losses are not comparable with earlier ones).
 */
public final class EarlyStopping {
    private final int patience;
    private final int warmupEpochs;
    private int bestEpoch;
    private double bestLoss;
    private int since;

    /**
     * @param patience     epochs without improvement before stopping
     * @param warmupEpochs W
     * @param bestEpoch    restored state: the best epoch so far (0 = none)
     * @param bestLoss     restored state: its loss
     * @param since        restored state: epochs since it
     */
    public EarlyStopping(int patience, int warmupEpochs, int bestEpoch, double bestLoss, int since) {
        this.patience = patience;
        this.warmupEpochs = warmupEpochs;
        this.bestEpoch = bestEpoch;
        this.bestLoss = bestLoss;
        this.since = since;
    }

    /**
     * Records an epoch's validation loss.
     *
     * @param epoch the epoch, from 1
     * @param loss  its validation loss
     * @return true if it is the best so far
     */
    public boolean record(int epoch, double loss) {
        if (loss < bestLoss) {
            bestLoss = loss;
            bestEpoch = epoch;
            since = 0;
            return true;
        }
        if (epoch > warmupEpochs) {
            since++;
        }
        return false;
    }

    /** @return true when training should stop */
    public boolean shouldStop() {
        return since >= patience;
    }

    /** @return the best epoch (0 = none yet) */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return the best validation loss ({@link Double#MAX_VALUE} if none yet) */
    public double bestLoss() {
        return bestLoss;
    }

    /** @return epochs since the best, counted after the warm-up */
    public int since() {
        return since;
    }
}
