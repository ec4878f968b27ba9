package org.vaepriors.experiment;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

import org.vaepriors.data.Checksums;
import org.vaepriors.eval.EvalSpec;
import org.vaepriors.io.Json;
import org.vaepriors.model.ArchitectureSpec;
import org.vaepriors.prior.PriorSpec;
import org.vaepriors.train.TrainSpec;

/**
 * Everything that can change a run's numbers. Its canonical JSON, hashed with SHA-256, is the run's id:
 * notebooks that ask for the same config share one trained model, and a changed config never reuses a
 * stale run. How a run executes (threads, folders) is deliberately not part of it.
 *
 * @param profile      the profile the run belongs to (smoke, quick, paper)
 * @param dataset      data set and training subset
 * @param architecture the VAE architecture
 * @param prior        the prior on the top latent
 * @param train        training settings
 * @param eval         evaluation settings
 * @param seed         the seed every random stream of the run derives from
 */
public record RunConfig(Profile profile, DatasetSpec dataset, ArchitectureSpec architecture, PriorSpec prior,
                        TrainSpec train, EvalSpec eval, long seed) {

    /** Validates the fields. */
    public RunConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(prior, "prior");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(eval, "eval");
    }

    /** @return a builder with the papers' defaults: Fashion-MNIST, VAE, Gaussian prior, paper training, seed 1 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this config's values */
    public Builder toBuilder() {
        return new Builder().profile(profile).dataset(dataset).architecture(architecture).prior(prior).train(train)
                .eval(eval).seed(seed);
    }

    /** @return the first 16 hex digits of the SHA-256 of the canonical JSON */
    public String id() {
        return sha256().substring(0, 16);
    }

    /** @return the SHA-256 of the canonical JSON, hex */
    public String sha256() {
        return Checksums.sha256(Json.write(this).getBytes(StandardCharsets.UTF_8));
    }

    /** @return a readable folder-name prefix, e.g. "quick-fashion-mnist-vae-vampprior-k-500" */
    public String label() {
        String s = profile + "-" + dataset.id().name() + "-" + architecture.label() + "-" + prior.label();
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** Builds a {@link RunConfig}; every setter validates through the record's constructor at {@link #build()}. */
    public static final class Builder {
        private Profile profile = Profile.PAPER;
        private DatasetSpec dataset = DatasetSpec.of(org.vaepriors.data.DatasetId.FASHION_MNIST);
        private ArchitectureSpec architecture = ArchitectureSpec.paper(ArchitectureSpec.Kind.VAE);
        private PriorSpec prior = new org.vaepriors.prior.StandardGaussianPrior.Spec();
        private TrainSpec train = TrainSpec.paper();
        private EvalSpec eval = EvalSpec.paper();
        private long seed = 1;

        private Builder() {
        }

        /** @param v the profile @return this */
        public Builder profile(Profile v) {
            profile = v;
            return this;
        }

        /** @param v the data set @return this */
        public Builder dataset(DatasetSpec v) {
            dataset = v;
            return this;
        }

        /** @param v the architecture @return this */
        public Builder architecture(ArchitectureSpec v) {
            architecture = v;
            return this;
        }

        /** @param v the prior @return this */
        public Builder prior(PriorSpec v) {
            prior = v;
            return this;
        }

        /** @param v training settings @return this */
        public Builder train(TrainSpec v) {
            train = v;
            return this;
        }

        /** @param v evaluation settings @return this */
        public Builder eval(EvalSpec v) {
            eval = v;
            return this;
        }

        /** @param v the seed @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @return the config */
        public RunConfig build() {
            return new RunConfig(profile, dataset, architecture, prior, train, eval, seed);
        }
    }

    @Override
    public String toString() {
        return label() + "-" + id();
    }
}
