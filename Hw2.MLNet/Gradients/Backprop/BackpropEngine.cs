using Hw2.MLNet.Activations;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Backprop;

/// <summary>
/// The homework's hand-derived back-propagation (report, Q4). With <c>h_0 = x</c> and layer outputs <c>h_l</c>:
/// <list type="number">
/// <item><c>δ_L = dL/dz_L</c>, the task's fused loss derivative (<see cref="IOutputLoss{TTarget}"/>): for the homework's
/// softmax cross-entropy <c>(softmax(z_L) − onehot(y)) / N</c>;</item>
/// <item><c>dW_l = h_{l−1}ᵀ · δ_l</c> and <c>db_l = Σ_rows δ_l</c>;</item>
/// <item><c>δ_{l−1} = (δ_l · W_lᵀ) ⊙ f'(z_{l−1})</c>, where for ReLU <c>f'</c> is the mask <c>h_{l−1} &gt; 0</c>.</item>
/// </list>
/// All buffers are allocated once per batch size and reused; a step allocates nothing.
/// </summary>
internal sealed class BackpropEngine : IGradientEngine
{
    private readonly MlpNetwork network;
    private readonly Dictionary<int, Workspace> workspaces = [];

    /// <summary>Creates an engine that writes gradients into <paramref name="network"/>'s parameters.</summary>
    public BackpropEngine(MlpNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        this.network = network;
    }

    /// <inheritdoc />
    public GradientEngine Kind => GradientEngine.Backprop;

    /// <inheritdoc />
    public IReadOnlyList<Matrix> HiddenOutputs { get; private set; } = [];

    /// <inheritdoc />
    public LossResult ComputeGradients<TTarget>(Matrix features, ReadOnlyMemory<TTarget> targets, IOutputLoss<TTarget> loss)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(loss);
        Workspace ws = WorkspaceFor(features.Rows);
        ws.Forward.Run(network, features);
        HiddenOutputs = ws.Forward.Hidden;

        MlpParameters p = network.Parameters;
        int last = p.Shape.LayerCount - 1;

        Matrix delta = ws.Deltas[last];
        LossResult result = loss.LossAndGradient(ws.Forward.Logits, targets.Span, delta);
        for (int l = last; l >= 0; l--)
        {
            Matrix layerInput = l == 0 ? features : ws.Forward.Outputs[l - 1];
            Gemm.Multiply(layerInput, true, delta, false, p.Weights[l].Gradient);
            MatrixKernels.ColumnSums(delta, p.Biases[l].Gradient.Span);
            if (l > 0)
            {
                Matrix previous = ws.Deltas[l - 1];
                Gemm.Multiply(delta, false, p.Weights[l].Value, true, previous);
                ActivationKernels.Backward(network.Activation, layerInput.Span, previous.Span, previous.Span);
                delta = previous;
            }
        }

        return result;
    }

    private Workspace WorkspaceFor(int rows)
    {
        if (!workspaces.TryGetValue(rows, out Workspace? ws))
        {
            ws = new Workspace(network.Shape, rows);
            workspaces[rows] = ws;
        }

        return ws;
    }

    private sealed class Workspace
    {
        public Workspace(MlpShape shape, int rows)
        {
            Forward = new ForwardPass(shape, rows);
            Deltas = new Matrix[shape.LayerCount];
            for (int l = 0; l < shape.LayerCount; l++)
            {
                Deltas[l] = new Matrix(rows, shape.FanOut(l));
            }
        }

        public ForwardPass Forward { get; }

        public Matrix[] Deltas { get; }
    }
}
