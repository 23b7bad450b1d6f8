using Hw2.MLNet.Activations;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Network;

/// <summary>
/// A feed-forward network: <see cref="MlpParameters"/> plus the hidden <see cref="HiddenActivation"/>; what its
/// outputs mean is the task's (an <see cref="OutputMap"/> when predicting, an <see cref="IOutputLoss{TTarget}"/> when training). Prediction methods reuse internal buffers, so one instance must not predict on two threads at once.
/// </summary>
internal sealed class MlpNetwork
{
    /// <summary>Rows pushed through the network at once when predicting; bounds the scratch memory.</summary>
    public const int PredictionChunkRows = 4096;

    private ForwardPass? chunkPass;
    private ForwardPass? tailPass;

    /// <summary>Creates a network over existing parameters (not copied).</summary>
    public MlpNetwork(MlpParameters parameters, HiddenActivation activation = HiddenActivation.Relu)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown hidden activation.");
        }

        Parameters = parameters;
        Activation = activation;
    }

    /// <summary>The weights and biases.</summary>
    public MlpParameters Parameters { get; }

    /// <summary>The hidden-layer non-linearity.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>The layer sizes.</summary>
    public MlpShape Shape => Parameters.Shape;

    /// <summary>A freshly initialised network (see <see cref="MlpParameters.CreateRandom"/>).</summary>
    public static MlpNetwork CreateRandom(MlpShape shape, int seed, HiddenActivation activation = HiddenActivation.Relu) =>
        new(MlpParameters.CreateRandom(shape, seed), activation);

    /// <summary>A freshly initialised network with the given <paramref name="initialization"/>.</summary>
    public static MlpNetwork CreateRandom(MlpShape shape, int seed, HiddenActivation activation, WeightInitialization initialization) =>
        new(MlpParameters.CreateRandom(shape, seed, initialization), activation);

    /// <summary>Runs every row of <paramref name="input"/> forward and writes its outputs, mapped by <paramref name="map"/>, into <paramref name="outputs"/>.</summary>
    public void Predict(Matrix input, Matrix outputs, OutputMap map)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(map);
        if (outputs.Rows != input.Rows || outputs.Cols != Shape.OutputSize)
        {
            throw new ArgumentException(
                $"Expected a {input.Rows}×{Shape.OutputSize} output but got {outputs.Rows}×{outputs.Cols}.", nameof(outputs));
        }

        for (int start = 0; start < input.Rows; start += PredictionChunkRows)
        {
            Matrix logits = ForwardChunk(input, start);
            map.Apply(logits, outputs.RowRange(start, logits.Rows));
        }
    }

    /// <summary>Mean cross-entropy (from logits) and accuracy of the multiclass network on labelled rows.</summary>
    public (double Loss, double Accuracy) Evaluate(Matrix input, ReadOnlySpan<int> labels) => Evaluate(input, labels, SoftmaxCrossEntropyLoss.Instance);

    /// <summary>Mean <paramref name="loss"/> of the network's outputs on rows with targets, and the fraction of rows it gets right (0 for a regression).</summary>
    public (double Loss, double Accuracy) Evaluate<TTarget>(Matrix input, ReadOnlySpan<TTarget> targets, IOutputLoss<TTarget> loss)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(loss);
        if (targets.Length != input.Rows || input.Rows == 0)
        {
            throw new ArgumentException($"Got {targets.Length} targets for {input.Rows} rows; need the same positive number.", nameof(targets));
        }

        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < input.Rows; start += PredictionChunkRows)
        {
            Matrix logits = ForwardChunk(input, start);
            LossResult chunk = loss.LossOverwriting(logits, targets.Slice(start, logits.Rows));
            lossSum += (double)chunk.Loss * logits.Rows;
            correct += chunk.Correct;
        }

        return (lossSum / input.Rows, (double)correct / input.Rows);
    }

    /// <summary>Runs rows [start, start + chunk) forward and returns their logits (valid until the next call).</summary>
    private Matrix ForwardChunk(Matrix input, int start)
    {
        if (input.Cols != Shape.InputSize)
        {
            throw new ArgumentException($"Expected {Shape.InputSize} features per row but got {input.Cols}.", nameof(input));
        }

        int rows = Math.Min(PredictionChunkRows, input.Rows - start);
        ForwardPass pass = PassFor(rows);
        pass.Run(this, input.RowRange(start, rows));
        return pass.Logits;
    }

    private ForwardPass PassFor(int rows)
    {
        if (rows == PredictionChunkRows)
        {
            return chunkPass ??= new ForwardPass(Shape, rows);
        }

        if (tailPass is null || tailPass.Rows != rows)
        {
            tailPass = new ForwardPass(Shape, rows);
        }

        return tailPass;
    }
}
