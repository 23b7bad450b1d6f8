using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Network;

/// <summary>
/// Buffers for one batch size and the forward computation that fills them:
/// <c>h_0 = x</c>, <c>z_l = h_{l−1} · W_l + b_l</c>, <c>h_l = f(z_l)</c> for hidden layers, logits <c>z_L</c> last.
/// Keeps every layer's output, which is all that back-propagation needs.
/// </summary>
internal sealed class ForwardPass
{
    private readonly Matrix[] outputs;
    private readonly Matrix?[] dropped;
    private Matrix? droppedInput;

    public ForwardPass(MlpShape shape, int rows)
    {
        outputs = new Matrix[shape.LayerCount];
        for (int l = 0; l < shape.LayerCount; l++)
        {
            outputs[l] = new Matrix(rows, shape.FanOut(l));
        }

        Rows = rows;
        Hidden = new ArraySegment<Matrix>(outputs, 0, outputs.Length - 1);
        dropped = new Matrix?[outputs.Length - 1];
    }

    /// <summary>The batch size these buffers hold.</summary>
    public int Rows { get; }

    /// <summary>Output of layer l: activations for hidden layers, logits for the last.</summary>
    public IReadOnlyList<Matrix> Outputs => outputs;

    /// <summary>The hidden layers' outputs (every output but the logits), before any dropout.</summary>
    public IReadOnlyList<Matrix> Hidden { get; }

    /// <summary>The logits of the last run.</summary>
    public Matrix Logits => outputs[^1];

    /// <summary>
    /// What layer <paramref name="layer"/> read in the last run: the input (<paramref name="input"/>, or its dropped-out
    /// copy) for layer 0, else the previous layer's output (or its dropped-out copy).
    /// </summary>
    public Matrix LayerInput(int layer, Matrix input) =>
        layer == 0 ? droppedInput ?? input : dropped[layer - 1] ?? outputs[layer - 1];

    /// <summary>
    /// Runs <paramref name="input"/> forward; with <paramref name="masks"/> (training only) the input and each hidden
    /// layer's output are multiplied by their dropout masks before the next layer reads them, into copies of their own,
    /// so <see cref="Outputs"/> keep the values before dropout (which the activations' derivatives need).
    /// </summary>
    public void Run(MlpNetwork network, Matrix input, Gradients.DropoutMasks? masks = null)
    {
        if (input.Rows != Rows || input.Cols != network.Shape.InputSize)
        {
            throw new ArgumentException(
                $"Expected a {Rows}×{network.Shape.InputSize} batch but got {input.Rows}×{input.Cols}.", nameof(input));
        }

        droppedInput = Dropped(input, masks?.Input, droppedInput);
        Matrix h = droppedInput ?? input;
        int last = outputs.Length - 1;
        for (int l = 0; l <= last; l++)
        {
            Matrix z = outputs[l];
            bool hidden = l < last;
            bool fusedRelu = hidden && network.Activation == HiddenActivation.Relu;
            Gemm.Linear(h, network.Parameters.Weights[l].Value, network.Parameters.Biases[l].Value, z, fusedRelu);
            if (hidden && !fusedRelu)
            {
                ActivationKernels.Forward(network.Activation, z.Span, z.Span);
            }

            if (hidden)
            {
                dropped[l] = Dropped(z, masks?.Hidden(l), dropped[l]);
                h = dropped[l] ?? z;
            }
        }
    }

    /// <summary><paramref name="values"/> ⊙ <paramref name="mask"/> into <paramref name="buffer"/> (allocated once), or null without a mask.</summary>
    private static Matrix? Dropped(Matrix values, Matrix? mask, Matrix? buffer)
    {
        if (mask is null)
        {
            return null;
        }

        buffer ??= new Matrix(values.Rows, values.Cols);
        System.Numerics.Tensors.TensorPrimitives.Multiply(values.Span, mask.Span, buffer.Span);
        return buffer;
    }
}
