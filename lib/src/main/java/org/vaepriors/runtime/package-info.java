/** The compute backend (ND4J CPU or CUDA, native build, threads) and the library's version. */
package org.vaepriors.runtime;
