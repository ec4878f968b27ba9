/** Generating images from trained models: exemplar-conditioned, unconditional and iterative generation. */
package org.vaepriors.generation;
