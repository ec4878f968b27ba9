package org.vaepriors.train;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One epoch of training, as logged (CSV in the run folder) and shown (the notebook's progress line).
 *
 * @param epoch           the epoch, from 1
 * @param beta            the KL weight used
 * @param trainLoss       mean training loss, -(log p(x|z) - beta KL), nats per image
 * @param trainRe         mean -log p(x|z) on the training batches
 * @param trainKl         mean single-sample KL on the training batches
 * @param validationLoss  mean -ELBO on the validation set at beta = 1
 * @param seconds         wall time of the epoch (training and validation)
 * @param imagesPerSecond training images per second
 * @param activeUnits     active units of the top latent on the validation images after the epoch (Var over them
 *                        of the posterior mean above 0.01), or null in a history saved before it was measured
 * @param activeSeconds   the wall time of counting them (included in {@code seconds}), or null likewise
 */
public record TrainingStatus(int epoch, double beta, double trainLoss, double trainRe, double trainKl,
                             double validationLoss, double seconds, double imagesPerSecond,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer activeUnits,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double activeSeconds) {

    /** CSV header matching {@link #csv()}. */
    public static final String CSV_HEADER =
            "epoch,beta,train_loss,train_re,train_kl,validation_loss,seconds,images_per_s,active_units,active_units_s";

    /** @return this status as a CSV row (the active units empty where they were not measured) */
    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%.1f,%s,%s", epoch, beta, trainLoss,
                trainRe, trainKl, validationLoss, seconds, imagesPerSecond, activeUnits == null ? "" : activeUnits,
                activeSeconds == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", activeSeconds));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "epoch %d  beta %.2f  loss %.2f (RE %.2f, KL %.2f)  validation %.2f%s  %.1f s  %.0f img/s",
                epoch, beta, trainLoss, trainRe, trainKl, validationLoss,
                activeUnits == null ? "" : "  active units " + activeUnits, seconds, imagesPerSecond);
    }
}
