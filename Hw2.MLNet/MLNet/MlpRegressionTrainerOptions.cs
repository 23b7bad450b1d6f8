using Hw2.MLNet.Training;

namespace Hw2.MLNet;

/// <summary>
/// Options of <see cref="MlpRegressionTrainer"/>. The label must be <see cref="float"/>. The defaults suit small
/// tabular data sets with normalised features, as those of <see cref="MlpBinaryTrainerOptions"/> do (one hidden layer
/// of 100 units, minibatches of 32, 100 epochs), and the label is standardised inside the trainer
/// (<see cref="StandardizeLabel"/>), so targets in the hundreds train as well as targets near 1.
/// </summary>
public sealed class MlpRegressionTrainerOptions : MlpOptionsBase
{
    /// <summary>Creates the options with their defaults: <c>HiddenLayers = [100]</c>, <c>BatchSize = 32</c>, <c>MaxEpochs = 100</c>.</summary>
    public MlpRegressionTrainerOptions()
        : base([100], batchSize: 32, maxEpochs: 100)
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
