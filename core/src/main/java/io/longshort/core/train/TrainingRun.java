package io.longshort.core.train;

import ai.djl.nn.Parameter;
import io.longshort.core.model.CarriedState;
import io.longshort.core.model.Network;
import java.util.List;

/**
 * What a run's loop and its {@link LoopListener}s share, as DJL hands its listeners the trainer.
 *
 * @param net the network being trained
 * @param parameters its parameters, in the order the optimizer's state follows
 * @param updater the optimizer
 * @param rates the learning-rate schedule
 * @param carried the state carried from window to window
 * @param progress the position and sums
 * @param windows the windows in an epoch
 * @param logEvery the windows in a logging period
 */
record TrainingRun(
        Network net,
        List<Parameter> parameters,
        ParameterUpdater updater,
        LearningRates rates,
        CarriedState carried,
        Progress progress,
        int windows,
        int logEvery) {}
