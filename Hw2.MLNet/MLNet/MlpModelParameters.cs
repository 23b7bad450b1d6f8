using Hw2.MLNet.Activations;
using Hw2.MLNet.Network;
using Hw2.MLNet.Training;

namespace Hw2.MLNet;

/// <summary>
/// What <see cref="MlpTrainer"/> learned: the layer sizes, the activation, read-only copies of the weights and
/// biases, and the per-epoch training history.
/// </summary>
public sealed class MlpModelParameters
{
    private readonly MlpParameters parameters;

    internal MlpModelParameters(
        MlpParameters parameters, HiddenActivation activation, IReadOnlyList<EpochRecord> history, StopReason stopReason, int weightsEpoch)
    {
        this.parameters = parameters;
        Activation = activation;
        History = history;
        StopReason = stopReason;
        WeightsEpoch = weightsEpoch;
    }

    /// <summary>Layer sizes, input first, classes last.</summary>
    public MlpShape Shape => parameters.Shape;

    /// <summary>The hidden-layer non-linearity.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>Number of classes (the size of <c>Score</c>).</summary>
    public int ClassCount => Shape.OutputSize;

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
