using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Training;

namespace Hw2.MLNet;

/// <summary>
/// Options of <see cref="MlpTrainer"/>. The defaults train the homework's deep network with modern settings
/// (inputs expected in [0, 1]); set <see cref="LearningRate"/> = 1e-4 and <see cref="BatchSize"/> = −1 to reproduce the
/// homework's raw-pixel, full-batch protocol.
/// </summary>
public sealed class MlpTrainerOptions
{
    /// <summary>Name of the label column; it must be a key type (use <c>MapValueToKey</c>). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Name of the feature column: a known-size vector of <see cref="float"/>. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Sizes of the hidden layers; empty gives the shallow network (one linear layer + softmax). Default [300, 100].</summary>
    public int[] HiddenLayers { get; set; } = [300, 100];

    /// <summary>Non-linearity after each hidden layer. Default <see cref="HiddenActivation.Relu"/>.</summary>
    public HiddenActivation Activation { get; set; } = HiddenActivation.Relu;

    /// <summary>How gradients are computed; all engines give the same numbers. Default <see cref="GradientEngine.Backprop"/>.</summary>
    public GradientEngine Engine { get; set; } = GradientEngine.Backprop;

    /// <summary>Step size (&gt; 0). Default 0.1.</summary>
    public float LearningRate { get; set; } = 0.1f;

    /// <summary>Rows per minibatch, shuffled every epoch; ≤ 0 trains on the whole set at once. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Number of epochs (≥ 1). Default 10.</summary>
    public int MaxEpochs { get; set; } = 10;

    /// <summary>Seed of the initial weights and the shuffles; null follows the <c>MLContext</c>'s seed. Default null.</summary>
    public int? Seed { get; set; }

    /// <summary>Receives every epoch's record as training goes. Default null.</summary>
    public IProgress<EpochRecord>? Progress { get; set; }

    /// <summary>Cancels <see cref="MlpTrainer.Fit"/> between batches with an <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireName(FeatureColumnName, nameof(FeatureColumnName));
        ArgumentNullException.ThrowIfNull(HiddenLayers, nameof(HiddenLayers));
        for (int i = 0; i < HiddenLayers.Length; i++)
        {
            if (HiddenLayers[i] <= 0)
            {
                throw new ArgumentException($"{nameof(HiddenLayers)}[{i}] is {HiddenLayers[i]}; every hidden layer needs at least one unit.", nameof(HiddenLayers));
            }
        }

        if (!Enum.IsDefined(Activation))
        {
            throw new ArgumentException($"{nameof(Activation)} {Activation} is not a known activation.", nameof(Activation));
        }

        ToTrainingOptions(0).Validate();
    }

    /// <summary>The core training loop's options for these settings.</summary>
    internal TrainingOptions ToTrainingOptions(int seed) => new()
    {
        Engine = Engine,
        LearningRate = LearningRate,
        BatchSize = BatchSize,
        MaxEpochs = MaxEpochs,
        Seed = seed,
    };

    private static void RequireName(string? name, string option)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"{option} must name a column.", option);
        }
    }
}
