/**
 * Experiments: the {@link org.vaepriors.experiment.RunConfig} every experiment is (hashed into its run id,
 * runnable from its {@code config.json}), the VAE run ({@link org.vaepriors.experiment.VaeRun}, post-hoc fits
 * included), run folders under {@code results/} and the runner that trains, evaluates and caches, the lock
 * that lets one process train a run while others wait for it ({@link org.vaepriors.experiment.RunLock}), a run
 * folder's status, a study's runs written for a scheduler ({@link org.vaepriors.experiment.Manifest}),
 * provenance, the notebook knobs, and the papers' published numbers.
 */
package org.vaepriors.experiment;
