using System.Numerics;
using System.Runtime.InteropServices;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using MathNet.Numerics.Random;

namespace Hw2.MLNet.Gradients;

/// <summary>
/// Inverted dropout's masks for one batch: for the input (rate <see cref="InputRate"/>) and every hidden layer's output
/// (rate <see cref="HiddenRate"/>), each entry 0 with probability p and 1/(1 − p) otherwise, so a unit's expected
/// output is unchanged and scoring needs no rescaling. Drawn from a seeded xoshiro256** generator, batch after batch;
/// the engines multiply by them in the forward pass and again in the backward pass. A rate of 0 gives no mask.
/// </summary>
internal sealed class DropoutMasks
{
    private readonly MlpShape shape;
    private readonly Random random;
    private readonly Matrix?[] hidden;
    private byte[] bits = [];

    /// <summary>Creates the masks of networks of <paramref name="shape"/>; rates in [0, 1).</summary>
    public DropoutMasks(MlpShape shape, float inputRate, float hiddenRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!(inputRate is >= 0f and < 1f) || !(hiddenRate is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenRate), $"Dropout rates must be in [0, 1); got {inputRate} and {hiddenRate}.");
        }

        this.shape = shape;
        InputRate = inputRate;
        HiddenRate = hiddenRate;
        random = new Xoshiro256StarStar(seed, threadSafe: false);
        hidden = new Matrix?[shape.LayerCount - 1];
    }

    /// <summary>The fraction of input features dropped.</summary>
    public float InputRate { get; }

    /// <summary>The fraction of each hidden layer's units dropped.</summary>
    public float HiddenRate { get; }

    /// <summary>The input's mask of the last <see cref="Draw"/> (rows × inputs), or null when <see cref="InputRate"/> is 0.</summary>
    public Matrix? Input { get; private set; }

    /// <summary>Hidden layer <paramref name="layer"/>'s mask of the last <see cref="Draw"/> (rows × units), or null when <see cref="HiddenRate"/> is 0.</summary>
    public Matrix? Hidden(int layer) => hidden[layer];

    /// <summary>Draws fresh masks for a batch of <paramref name="rows"/> rows (buffers are kept while the row count stays).</summary>
    public void Draw(int rows)
    {
        if (InputRate > 0f)
        {
            Input = Fill(Resize(Input, rows, shape.InputSize), InputRate);
        }

        if (HiddenRate > 0f)
        {
            for (int l = 0; l < hidden.Length; l++)
            {
                hidden[l] = Fill(Resize(hidden[l], rows, shape.FanOut(l)), HiddenRate);
            }
        }
    }

    private static Matrix Resize(Matrix? mask, int rows, int cols) => mask is not null && mask.Rows == rows ? mask : new Matrix(rows, cols);

    /// <summary>
    /// Sets each entry to 0 when its 32 random bits, read as an unsigned integer, fall below rate · 2³², else to
    /// 1/(1 − rate). The bits come from one bulk <see cref="Random.NextBytes(byte[])"/> call per mask (about nine times
    /// faster than a <see cref="Random.NextDouble"/> call per entry), and the comparison runs on vectors.
    /// </summary>
    private Matrix Fill(Matrix mask, float rate)
    {
        int bytes = mask.Length * sizeof(uint);
        if (bits.Length < bytes)
        {
            bits = new byte[bytes];
        }

        random.NextBytes(bits);
        var threshold = new Vector<uint>((uint)Math.Min(rate * 4294967296.0, uint.MaxValue));
        var keep = new Vector<float>(1f / (1f - rate));
        ReadOnlySpan<uint> draws = MemoryMarshal.Cast<byte, uint>(bits.AsSpan(0, bytes));
        Span<float> values = mask.Span;
        int i = 0;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector<int> dropped = Vector.AsVectorInt32(Vector.LessThan(new Vector<uint>(draws.Slice(i)), threshold));
            Vector.ConditionalSelect(dropped, Vector<float>.Zero, keep).CopyTo(values.Slice(i));
        }

        for (; i < values.Length; i++)
        {
            values[i] = draws[i] < threshold[0] ? 0f : keep[0];
        }

        return mask;
    }
}
