using Hw2.MLNet.Activations;
using Hw2.MLNet.Network;
using Hw2.MLNet.Training;

namespace Hw2.MLNet;

/// <summary>
/// What a trainer learned: the task, the layer sizes, the activation, read-only copies of the weights and biases,
/// for a regression how the network's output maps back to the label's units, and the per-epoch training history.
/// </summary>
public sealed class MlpModelParameters
{
    private readonly MlpParameters parameters;

    internal MlpModelParameters(
        MlpTask task,
        MlpParameters parameters,
        HiddenActivation activation,
        IReadOnlyList<EpochRecord> history,
        StopReason stopReason,
        int weightsEpoch,
        float targetScale = 1f,
        float targetOffset = 0f)
    {
        Task = task;
        TargetScale = targetScale;
        TargetOffset = targetOffset;
        this.parameters = parameters;
        Activation = activation;
        History = history;
        StopReason = stopReason;
        WeightsEpoch = weightsEpoch;
    }

    /// <summary>What the model predicts.</summary>
    public MlpTask Task { get; }

    /// <summary>Layer sizes, input first, outputs last (the classes; 1 for a binary classifier's logit or a regression).</summary>
    public MlpShape Shape => parameters.Shape;

    /// <summary>The hidden-layer non-linearity.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>Number of classes: the size of a multiclass model's <c>Score</c>, 2 for a binary classifier, 0 for a regression.</summary>
    public int ClassCount => Task switch
    {
        MlpTask.MulticlassClassification => Shape.OutputSize,
        MlpTask.BinaryClassification => 2,
        _ => 0,
    };

    /// <summary>
    /// A regression's <c>Score</c> is <c>output · TargetScale + TargetOffset</c>: the standard deviation and mean of the
    /// training labels when the label was standardised, else 1 (and 0); 1 for the classifiers.
    /// </summary>
    public float TargetScale { get; }

    /// <summary>See <see cref="TargetScale"/>; 0 for the classifiers.</summary>
    public float TargetOffset { get; }

    /// <summary>One record per epoch run.</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; }

    /// <summary>The epoch whose weights the model holds (earlier than the last when early stopping restored the best).</summary>
    public int WeightsEpoch { get; }

    /// <summary>Weights of layer <paramref name="layer"/>, row-major fan-in × fan-out.</summary>
    public ReadOnlyMemory<float> GetWeights(int layer) => parameters.Weights[layer].Value.Span.ToArray();

    /// <summary>Biases of layer <paramref name="layer"/> (fan-out values).</summary>
    public ReadOnlyMemory<float> GetBiases(int layer) => parameters.Biases[layer].Value.Span.ToArray();

    /// <summary>The parameters themselves (not copied), for serialisation.</summary>
    internal MlpParameters Parameters => parameters;
}
