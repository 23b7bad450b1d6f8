using System.Numerics.Tensors;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Training;

/// <summary>
/// Records, per hidden unit, the largest output seen since the last <see cref="Reset"/>. A ReLU unit whose largest
/// output over a whole epoch is 0 is dead for that epoch: it passed no gradient for any row (the homework's Q1.3).
/// The training loop feeds it each batch's hidden outputs from the gradient engine (<c>IGradientEngine.HiddenOutputs</c>).
/// </summary>
internal sealed class HiddenUnitActivity
{
    private readonly float[][] maxima;

    /// <summary>Creates a tracker for the hidden layers of <paramref name="shape"/>.</summary>
    public HiddenUnitActivity(MlpShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        maxima = [.. Enumerable.Range(0, shape.LayerCount - 1).Select(l => new float[shape.FanOut(l)])];
        Reset();
    }

    /// <summary>Forgets everything seen.</summary>
    public void Reset()
    {
        foreach (float[] m in maxima)
        {
            m.AsSpan().Fill(float.NegativeInfinity);
        }
    }

    /// <summary>Takes in one batch's outputs of every hidden layer, first layer first.</summary>
    public void Observe(IReadOnlyList<Matrix> hiddenOutputs)
    {
        ArgumentNullException.ThrowIfNull(hiddenOutputs);
        if (hiddenOutputs.Count != maxima.Length)
        {
            throw new ArgumentException($"Expected the outputs of {maxima.Length} hidden layers but got {hiddenOutputs.Count}.", nameof(hiddenOutputs));
        }

        for (int layer = 0; layer < maxima.Length; layer++)
        {
            float[] m = maxima[layer];
            Matrix outputs = hiddenOutputs[layer];
            for (int r = 0; r < outputs.Rows; r++)
            {
                TensorPrimitives.Max(m, outputs.Row(r), m);
            }
        }
    }

    /// <summary>Per hidden layer, the fraction of units whose outputs were all ≤ 0.</summary>
    public double[] DeadFractions() => [.. maxima.Select(m => m.Count(v => v <= 0f) / (double)m.Length)];
}
