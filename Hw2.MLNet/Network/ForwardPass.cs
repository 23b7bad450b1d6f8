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

    public ForwardPass(MlpShape shape, int rows)
    {
        outputs = new Matrix[shape.LayerCount];
        for (int l = 0; l < shape.LayerCount; l++)
        {
            outputs[l] = new Matrix(rows, shape.FanOut(l));
        }

        Rows = rows;
        Hidden = new ArraySegment<Matrix>(outputs, 0, outputs.Length - 1);
    }

    /// <summary>The batch size these buffers hold.</summary>
    public int Rows { get; }

    /// <summary>Output of layer l: activations for hidden layers, logits for the last.</summary>
    public IReadOnlyList<Matrix> Outputs => outputs;

    /// <summary>The hidden layers' outputs (every output but the logits).</summary>
    public IReadOnlyList<Matrix> Hidden { get; }

    /// <summary>The logits of the last run.</summary>
    public Matrix Logits => outputs[^1];

    public void Run(MlpNetwork network, Matrix input)
    {
        if (input.Rows != Rows || input.Cols != network.Shape.InputSize)
        {
            throw new ArgumentException(
                $"Expected a {Rows}×{network.Shape.InputSize} batch but got {input.Rows}×{input.Cols}.", nameof(input));
        }

        Matrix h = input;
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

            h = z;
        }
    }
}
