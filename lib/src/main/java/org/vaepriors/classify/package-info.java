/** Supervised classifiers used to measure generative data augmentation (Exemplar VAE, section 5.3). */
package org.vaepriors.classify;
