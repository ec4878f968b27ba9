package org.vaepriors.train;

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
 */
public record TrainingStatus(int epoch, double beta, double trainLoss, double trainRe, double trainKl,
                             double validationLoss, double seconds, double imagesPerSecond) {

    /** CSV header matching {@link #csv()}. */
    public static final String CSV_HEADER = "epoch,beta,train_loss,train_re,train_kl,validation_loss,seconds,images_per_s";

    /** @return this status as a CSV row */
    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%.1f", epoch, beta, trainLoss,
                trainRe, trainKl, validationLoss, seconds, imagesPerSecond);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "epoch %d  beta %.2f  loss %.2f (RE %.2f, KL %.2f)  validation %.2f  %.1f s  %.0f img/s",
                epoch, beta, trainLoss, trainRe, trainKl, validationLoss, seconds, imagesPerSecond);
    }
}
