using System.Numerics.Tensors;
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
/// <item><c>δ_{l−1} = (δ_l · W_lᵀ) ⊙ m_{l−1} ⊙ f'(z_{l−1})</c>, where for ReLU <c>f'</c> is the mask <c>h_{l−1} &gt; 0</c> and
/// <c>m</c> the layer's dropout mask in training (1 without dropout); <c>h_{l−1}</c> in <c>dW_l</c> is then the dropped-out output.</item>
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
    public LossResult ComputeGradients<TTarget>(Matrix features, ReadOnlyMemory<TTarget> targets, IOutputLoss<TTarget> loss, DropoutMasks? masks = null)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(loss);
        Workspace ws = WorkspaceFor(features.Rows);
        if (network.Shape.LayerCount == 1 && masks?.Input is null && network.Shape.OutputSize <= GemmKernel.NarrowMaxColumns)
        {
            return SinglePass(features, targets, loss, ws);
        }

        ws.Forward.Run(network, features, masks);
        HiddenOutputs = ws.Forward.Hidden;

        MlpParameters p = network.Parameters;
        int last = p.Shape.LayerCount - 1;

        Matrix delta = ws.Deltas[last];
        LossResult result = loss.LossAndGradient(ws.Forward.Logits, targets.Span, delta);
        for (int l = last; l >= 0; l--)
        {
            Matrix layerInput = ws.Forward.LayerInput(l, features);
            Gemm.Multiply(layerInput, true, delta, false, p.Weights[l].Gradient);
            MatrixKernels.ColumnSums(delta, p.Biases[l].Gradient.Span);
            if (l > 0)
            {
                Matrix previous = ws.Deltas[l - 1];
                Gemm.Multiply(delta, false, p.Weights[l].Value, true, previous);
                if (masks?.Hidden(l - 1) is Matrix mask)
                {
                    TensorPrimitives.Multiply(previous.Span, mask.Span, previous.Span);
                }

                ActivationKernels.Backward(network.Activation, ws.Forward.Outputs[l - 1].Span, previous.Span, previous.Span);
                delta = previous;
            }
        }

        return result;
    }

    /// <summary>
    /// A network without hidden layers in one pass over the rows (<see cref="SinglePassLinear"/>): the loss scores each
    /// block of rows as soon as its outputs exist.
    /// </summary>
    private LossResult SinglePass<TTarget>(Matrix features, ReadOnlyMemory<TTarget> targets, IOutputLoss<TTarget> loss, Workspace ws)
        where TTarget : unmanaged
    {
        MlpParameters p = network.Parameters;
        Matrix logits = ws.Forward.Logits;
        Matrix delta = ws.Deltas[0];
        int rows = features.Rows;
        if (targets.Length != rows)
        {
            throw new ArgumentException($"Got {targets.Length} targets for {rows} rows.", nameof(targets));
        }

        LossResult result = (ws.SinglePass ??= new SinglePassLinear()).Run(
            features,
            p.Weights[0].Value,
            p.Biases[0].Value,
            logits,
            delta,
            p.Weights[0].Gradient,
            (first, count) => loss.LossAndGradient(logits.RowRange(first, count), targets.Span.Slice(first, count), delta.RowRange(first, count), new BatchBlock(first, rows)));
        MatrixKernels.ColumnSums(delta, p.Biases[0].Gradient.Span);
        HiddenOutputs = ws.Forward.Hidden;
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

        /// <summary>The one-pass step's buffers, for a network without hidden layers.</summary>
        public SinglePassLinear? SinglePass { get; set; }
    }
}
