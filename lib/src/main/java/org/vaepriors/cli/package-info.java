/** Command-line entry points for running the library headless. */
package org.vaepriors.cli;
