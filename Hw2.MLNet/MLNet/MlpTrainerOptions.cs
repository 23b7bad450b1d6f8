namespace Hw2.MLNet;

/// <summary>
/// Options of <see cref="MlpTrainer"/>, the multiclass classifier. The defaults are the modern run of the homework's
/// deep network: [300, 100] hidden units, Adam at 1e-3 on shuffled minibatches of 128 for 10 epochs, inputs expected
/// in about [0, 1] (scikit-learn's <c>MLPClassifier</c> and Keras start from the same optimizer and rate).
/// <see cref="Evaluation.HomeworkProtocol.Training"/> gives the homework's raw-pixel, full-batch gradient-descent protocol.
/// The label must be a key type (use <c>MapValueToKey</c>).
/// </summary>
public sealed class MlpTrainerOptions : MlpOptionsBase
{
    /// <summary>Creates the options with their defaults: <c>HiddenLayers = [300, 100]</c>, <c>BatchSize = 128</c>, <c>MaxEpochs = 10</c>, <c>WeightDecay = 0</c>.</summary>
    public MlpTrainerOptions()
        : base([300, 100], batchSize: 128, maxEpochs: 10, weightDecay: 0f)
    {
    }

    private protected override bool IsClassifier => true;
}
