/**
 * Experiments: the {@link org.vaepriors.experiment.RunConfig} every experiment is (hashed into its run id,
 * runnable from its {@code config.json}), the VAE run ({@link org.vaepriors.experiment.VaeRun}, post-hoc fits
 * included), run folders under {@code results/} and the runner that trains, evaluates and caches, provenance,
 * the notebook knobs, and the papers' published numbers.
 */
package org.vaepriors.experiment;
