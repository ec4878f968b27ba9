/**
 * Experiments: hashed run configs, run folders under {@code results/}, the runner that trains, evaluates
 * and caches, provenance, and the notebook knobs (profile and overrides).
 */
package org.vaepriors.experiment;
