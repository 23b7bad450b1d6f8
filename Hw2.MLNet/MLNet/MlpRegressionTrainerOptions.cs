using Hw2.MLNet.Training;

namespace Hw2.MLNet;

/// <summary>
/// Options of <see cref="MlpRegressionTrainer"/>. The label must be <see cref="float"/>; it is standardised inside the
/// trainer (<see cref="StandardizeLabel"/>), so targets in the hundreds train as well as targets near 1. The defaults
/// suit small tabular data sets of hundreds to thousands of rows with standardised features, and were chosen by 5-fold cross-validation on the training rows of scikit-learn's
/// breast-cancer and diabetes tables (BENCHMARKS.md): one hidden layer of 100 units (scikit-learn's <c>MLPClassifier</c>
/// and <c>MLPRegressor</c> start from the same), because a table's few features need no deep stack; minibatches of
/// 32, because a set of 500 rows gives only 4 steps an epoch at MNIST's 128; 50 epochs; and a weight decay of 0.01,
/// because a few hundred rows are overfitted without it (100 epochs without decay were worse on both tables).
/// </summary>
public sealed class MlpRegressionTrainerOptions : MlpOptionsBase
{
    /// <summary>Creates the options with their defaults: <c>HiddenLayers = [100]</c>, <c>BatchSize = 32</c>, <c>MaxEpochs = 50</c>, <c>WeightDecay = 0.01</c>.</summary>
    public MlpRegressionTrainerOptions()
        : base([100], batchSize: 32, maxEpochs: 50, weightDecay: 0.01f)
    {
    }

    /// <summary>
    /// Whether the network learns the standardised label <c>(y − mean) / standard deviation</c> (mean and standard
    /// deviation of the training rows) instead of <c>y</c>; the model undoes it when it scores
    /// (<c>Score = output · deviation + mean</c>, see <see cref="MlpModelParameters.TargetScale"/>), so the scores are in
    /// the label's units either way. Without it a target in the hundreds starts with gradients hundreds of times larger
    /// than the initial weights are made for, and training at the default rate is slow or diverges (scikit-learn users
    /// wrap <c>MLPRegressor</c> in <c>TransformedTargetRegressor</c> for the same reason). With it the training and
    /// validation losses in <see cref="EpochRecord"/> are in standardised units. Default true.
    /// </summary>
    public bool StandardizeLabel { get; set; } = true;

    /// <summary>
    /// The loss: half the squared error (<see cref="float.PositiveInfinity"/>, the default, as scikit-learn's
    /// <c>MLPRegressor</c>), or the Huber loss with this threshold δ &gt; 0: quadratic for residuals within δ, linear
    /// beyond, so a few wild targets cannot dominate the fit. δ is in the units the network learns (standard deviations
    /// of the label with <see cref="StandardizeLabel"/>; 1.35 is a common choice there).
    /// </summary>
    public float HuberDelta { get; set; } = float.PositiveInfinity;

    private protected override bool IsClassifier => false;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        OptionRules.HuberDelta(HuberDelta);
    }
}
