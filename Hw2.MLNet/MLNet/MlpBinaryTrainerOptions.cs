namespace Hw2.MLNet;

/// <summary>
/// Options of <see cref="MlpBinaryTrainer"/>. The label must be <see cref="bool"/>. The defaults suit small tabular
/// data sets of hundreds to thousands of rows with standardised features, and were chosen by 5-fold cross-validation on the training rows of scikit-learn's
/// breast-cancer and diabetes tables (BENCHMARKS.md): one hidden layer of 100 units (scikit-learn's <c>MLPClassifier</c>
/// and <c>MLPRegressor</c> start from the same), because a table's few features need no deep stack; minibatches of
/// 32, because a set of 500 rows gives only 4 steps an epoch at MNIST's 128; 50 epochs; and a weight decay of 0.01,
/// because a few hundred rows are overfitted without it (100 epochs without decay were worse on both tables).
/// </summary>
public sealed class MlpBinaryTrainerOptions : MlpOptionsBase
{
    /// <summary>Creates the options with their defaults: <c>HiddenLayers = [100]</c>, <c>BatchSize = 32</c>, <c>MaxEpochs = 50</c>, <c>WeightDecay = 0.01</c>.</summary>
    public MlpBinaryTrainerOptions()
        : base([100], batchSize: 32, maxEpochs: 50, weightDecay: 0.01f)
    {
    }

    private protected override bool IsClassifier => true;
}
