/** Files: canonical JSON and atomic writes, shared by checkpoints, results and figures. */
package org.vaepriors.io;
