using System.Numerics.Tensors;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Training;

/// <summary>
/// Records, per hidden unit, the largest output seen since the last <see cref="Reset"/>. A ReLU unit whose largest
/// output over a whole epoch is 0 is dead for that epoch: it passed no gradient for any row (the homework's Q1.3).
/// Gradient engines report their hidden-layer outputs here when a tracker is attached.
/// </summary>
public sealed class HiddenUnitActivity
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

    /// <summary>Takes in the outputs of hidden layer <paramref name="layer"/> (0-based) for one batch.</summary>
    public void Observe(int layer, Matrix outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        float[] m = maxima[layer];
        for (int r = 0; r < outputs.Rows; r++)
        {
            TensorPrimitives.Max(m, outputs.Row(r), m);
        }
    }

    /// <summary>Per hidden layer, the fraction of units whose outputs were all ≤ 0.</summary>
    public double[] DeadFractions() => [.. maxima.Select(m => m.Count(v => v <= 0f) / (double)m.Length)];
}
