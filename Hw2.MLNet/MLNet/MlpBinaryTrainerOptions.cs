namespace Hw2.MLNet;

/// <summary>
/// Options of <see cref="MlpBinaryTrainer"/>. The label must be <see cref="bool"/>. The defaults suit small tabular
/// data sets of hundreds to thousands of rows with normalised features (scikit-learn's <c>MLPClassifier</c> starts
/// from the same network): one hidden layer of 100 units, because a table's few features need no deep stack; minibatches
/// of 32, because a set of 500 rows gives 4 steps an epoch at MNIST's 128; and 100 epochs, because a small set
/// needs many passes.
/// </summary>
public sealed class MlpBinaryTrainerOptions : MlpOptionsBase
{
    /// <summary>Creates the options with their defaults: <c>HiddenLayers = [100]</c>, <c>BatchSize = 32</c>, <c>MaxEpochs = 100</c>.</summary>
    public MlpBinaryTrainerOptions()
        : base([100], batchSize: 32, maxEpochs: 100)
    {
    }

    private protected override bool IsClassifier => true;
}
