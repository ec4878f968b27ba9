package org.vaepriors.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaepriors.io.AtomicFiles;
import org.vaepriors.io.Json;
import org.vaepriors.model.VaeModel;
import org.vaepriors.nn.HostArrays;
import org.vaepriors.prior.EvaluationInputs;
import org.vaepriors.prior.Prior;
import org.vaepriors.prior.Stateful;

/**
 * A training checkpoint: the model's parameters, the optimiser's moments and the trainer's state, in one
 * zip written atomically. Loading checks every parameter's name and shape against the model, so a
 * checkpoint of another architecture or latent size is refused with the difference named.
 */
public final class Checkpoint {
    private static final String STATE = "state.json";
    private static final String PRIOR_STATE = "prior-state.json";
    private static final String PARAMS = "params/";
    private static final String FIRST = "adam/m/";
    private static final String SECOND = "adam/v/";

    private Checkpoint() {
    }

    /**
     * The trainer's state at the end of an epoch.
     *
     * @param epoch              the last completed epoch
     * @param adamSteps          optimiser updates made
     * @param bestEpoch          the epoch with the best validation loss so far (0 = none)
     * @param bestValidationLoss that loss ({@link Double#MAX_VALUE} if none)
     * @param sinceImprovement   epochs since the best, counted after the warm-up
     * @param history            every epoch so far
     */
    public record State(int epoch, long adamSteps, int bestEpoch, double bestValidationLoss, int sinceImprovement,
                        List<TrainingStatus> history) {
        /** Copies the history. */
        public State {
            history = List.copyOf(history);
        }

        /** @return the state before the first epoch */
        public static State initial() {
            return new State(0, 0, 0, Double.MAX_VALUE, 0, List.of());
        }
    }

    /**
     * @param file  the checkpoint file
     * @param model the model whose parameters to save
     * @param adam  the optimiser, or null to save parameters only (best checkpoints)
     * @param state the trainer's state
     */
    public static void save(Path file, VaeModel<?> model, AdamNormGrad adam, State state) {
        AtomicFiles.write(file, raw -> {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw))) {
                zip.setLevel(Deflater.BEST_SPEED); // floats barely compress: level 6 costs time, not space
                zip.putNextEntry(new ZipEntry(STATE));
                zip.write(Json.write(state).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                if (model.prior() instanceof Stateful<?> stateful) {
                    zip.putNextEntry(new ZipEntry(PRIOR_STATE));
                    zip.write(Json.write(stateful.state()).getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                for (String name : model.parameterNames()) {
                    put(zip, PARAMS + name, model.graph().getArrForVarName(name));
                    if (adam != null && adam.firstMoments().containsKey(name)) {
                        put(zip, FIRST + name, adam.firstMoments().get(name));
                        put(zip, SECOND + name, adam.secondMoments().get(name));
                    }
                }
                zip.finish();
            }
        });
    }

    /**
     * Restores a checkpoint into a model (and optimiser).
     *
     * @param file  the checkpoint file
     * @param model the model; its parameters are overwritten
     * @param adam  the optimiser to restore, or null
     * @return the trainer's state
     * @throws IllegalArgumentException if a parameter is missing or has another shape than the model's
     */
    public static State load(Path file, VaeModel<?> model, AdamNormGrad adam) {
        Map<String, INDArray> params = new HashMap<>();
        Map<String, INDArray> first = new HashMap<>();
        Map<String, INDArray> second = new HashMap<>();
        State state = null;
        String priorState = null;
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String n = e.getName();
                if (n.equals(STATE)) {
                    state = Json.read(new String(zip.readAllBytes(), StandardCharsets.UTF_8), State.class);
                } else if (n.equals(PRIOR_STATE)) {
                    priorState = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                } else if (n.startsWith(PARAMS)) {
                    params.put(n.substring(PARAMS.length()), read(zip));
                } else if (n.startsWith(FIRST)) {
                    first.put(n.substring(FIRST.length()), read(zip));
                } else if (n.startsWith(SECOND)) {
                    second.put(n.substring(SECOND.length()), read(zip));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (state == null) {
            throw new IllegalArgumentException(file + " is not a checkpoint: it has no " + STATE);
        }
        assign(file, model.graph(), model.parameterNames(), params);
        restorePriorState(file, model.prior(), priorState);
        if (model.prior() instanceof EvaluationInputs inputs) {
            inputs.parametersChanged();
        }
        if (adam != null) {
            adam.restore(state.adamSteps(), first, second);
        }
        return state;
    }

    /** A stateful prior gets its saved state back; a checkpoint without one (or a stateless prior with one) is refused. */
    private static <S> void restorePriorState(Path file, Prior prior, String saved) {
        if (prior instanceof Stateful<?> s) {
            if (saved == null) {
                throw new IllegalArgumentException("checkpoint " + file + " has no state for the prior " + prior.spec().label()
                        + ": it was saved with another prior");
            }
            restore(s, saved);
        } else if (saved != null) {
            throw new IllegalArgumentException("checkpoint " + file + " holds prior state, but " + prior.spec().label()
                    + " keeps none: it was saved with another prior");
        }
    }

    private static <S> void restore(Stateful<S> prior, String json) {
        prior.restore(Json.read(json, prior.stateType()));
    }

    /**
     * Saves the parameters of any graph (a density fitted on its own, a classifier), with a stateful prior's
     * state, atomically: what a finished run needs to rebuild its model.
     *
     * @param file  the file
     * @param graph the graph
     * @param names the parameters to save
     * @param prior a prior whose state to save, or null
     */
    public static void saveParameters(Path file, SameDiff graph, List<String> names, Prior prior) {
        AtomicFiles.write(file, raw -> {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw))) {
                zip.setLevel(Deflater.BEST_SPEED); // floats barely compress: level 6 costs time, not space
                if (prior instanceof Stateful<?> stateful) {
                    zip.putNextEntry(new ZipEntry(PRIOR_STATE));
                    zip.write(Json.write(stateful.state()).getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                for (String name : names) {
                    put(zip, PARAMS + name, graph.getArrForVarName(name));
                }
                zip.finish();
            }
        });
    }

    /**
     * Restores what {@link #saveParameters} wrote.
     *
     * @param file  the file
     * @param graph the graph, built as it was when saved
     * @param names the parameters to restore
     * @param prior the prior whose state to restore, or null
     * @throws IllegalArgumentException if a parameter is missing or has another shape
     */
    public static void loadParameters(Path file, SameDiff graph, List<String> names, Prior prior) {
        Map<String, INDArray> params = new HashMap<>();
        String priorState = null;
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(PRIOR_STATE)) {
                    priorState = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                } else if (e.getName().startsWith(PARAMS)) {
                    params.put(e.getName().substring(PARAMS.length()), read(zip));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read parameters " + file + ": " + e.getMessage(), e);
        }
        assign(file, graph, names, params);
        if (prior != null) {
            restorePriorState(file, prior, priorState);
            if (prior instanceof EvaluationInputs inputs) {
                inputs.parametersChanged();
            }
        }
    }

    /** Checks every parameter's presence and shape, then overwrites the graph's. */
    private static void assign(Path file, SameDiff graph, List<String> names, Map<String, INDArray> params) {
        for (String name : names) {
            INDArray saved = params.get(name);
            INDArray live = graph.getArrForVarName(name);
            if (saved == null) {
                throw new IllegalArgumentException("checkpoint " + file + " has no parameter '" + name
                        + "': it was saved from another architecture or prior");
            }
            if (!Arrays.equals(saved.shape(), live.shape())) {
                throw new IllegalArgumentException("checkpoint " + file + ": parameter '" + name + "' has shape "
                        + Arrays.toString(saved.shape()) + ", the model expects " + Arrays.toString(live.shape())
                        + " (a different latent size or architecture than the checkpoint's)");
            }
        }
        for (String name : names) {
            graph.getArrForVarName(name).assign(params.get(name));
        }
    }

    // The layout of an entry: the data type's name (writeUTF), the rank, the shape (longs), then the values,
    // big-endian, as DataOutputStream writes them. The values go through one buffer in bulk: written value by
    // value into the deflater, a 12 MB checkpoint took seconds, longer than the epoch it saved.

    private static void put(ZipOutputStream zip, String entry, INDArray a) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        DataOutputStream out = new DataOutputStream(zip);
        out.writeUTF(a.dataType().name());
        out.writeInt(a.rank());
        for (long s : a.shape()) {
            out.writeLong(s);
        }
        ByteBuffer b;
        if (a.dataType() == DataType.DOUBLE) {
            INDArray c = a.dup('c');
            double[] v = c.data().asDouble();
            c.close(); // a copy: its native memory now, not when a garbage collection finds it
            b = ByteBuffer.allocate(Math.multiplyExact(v.length, Double.BYTES)).order(ByteOrder.BIG_ENDIAN);
            b.asDoubleBuffer().put(v);
        } else {
            float[] v = HostArrays.toFloats(a); // row-major; copies natively only an array that is not one block
            b = ByteBuffer.allocate(Math.multiplyExact(v.length, Float.BYTES)).order(ByteOrder.BIG_ENDIAN);
            b.asFloatBuffer().put(v);
        }
        out.write(b.array());
        out.flush();
        zip.closeEntry();
    }

    private static INDArray read(InputStream zip) throws IOException {
        DataInputStream in = new DataInputStream(zip);
        DataType dt = DataType.valueOf(in.readUTF());
        long[] shape = new long[in.readInt()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.readLong();
            n *= shape[i];
        }
        int width = dt == DataType.DOUBLE ? Double.BYTES : Float.BYTES;
        byte[] bytes = new byte[Math.multiplyExact(Math.toIntExact(n), width)];
        in.readFully(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (dt == DataType.DOUBLE) {
            double[] v = new double[Math.toIntExact(n)];
            b.asDoubleBuffer().get(v);
            return Nd4j.create(v, shape, DataType.DOUBLE);
        }
        float[] v = new float[Math.toIntExact(n)];
        b.asFloatBuffer().get(v);
        return HostArrays.floats(v, shape).castTo(dt);
    }
}
