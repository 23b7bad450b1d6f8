using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Gradients.Backprop;
using Hw2.MLNet.Gradients.Modules;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients;

/// <summary>
/// Computes the mean loss of a batch (the task's <see cref="IOutputLoss{TTarget}"/> on the network's outputs) and its
/// gradient with respect to every parameter of a network, writing the gradients into each
/// <see cref="Network.Parameter.Gradient"/>. Engines keep buffers between calls and are not thread-safe.
/// </summary>
internal interface IGradientEngine
{
    /// <summary>Which engine this is.</summary>
    GradientEngine Kind { get; }

    /// <summary>
    /// The outputs of each hidden layer (after the activation) for the last <see cref="ComputeGradients"/> batch,
    /// valid until the next call: the one place the training loop reads hidden activity from.
    /// </summary>
    IReadOnlyList<Matrix> HiddenOutputs { get; }

    /// <summary>
    /// Forward and backward pass for one batch; overwrites all parameter gradients.
    /// </summary>
    /// <param name="features">N × inputs batch.</param>
    /// <param name="targets">N targets (class indices, or values for a regression).</param>
    /// <param name="loss">The output layer's loss.</param>
    /// <param name="masks">This batch's dropout masks (training with dropout), or null.</param>
    /// <returns>The batch's mean loss and how many rows were classified correctly (before any update).</returns>
    LossResult ComputeGradients<TTarget>(Matrix features, ReadOnlyMemory<TTarget> targets, IOutputLoss<TTarget> loss, DropoutMasks? masks = null)
        where TTarget : unmanaged;

    /// <summary>The multiclass step: softmax cross-entropy against class indices.</summary>
    LossResult ComputeGradients(Matrix features, ReadOnlyMemory<int> labels) =>
        ComputeGradients(features, labels, SoftmaxCrossEntropyLoss.Instance);

    /// <summary>The engine <paramref name="kind"/> names, writing the gradients of <paramref name="network"/>'s loss into its parameters.</summary>
    static IGradientEngine Create(GradientEngine kind, MlpNetwork network) => kind switch
    {
        GradientEngine.Backprop => new BackpropEngine(network),
        GradientEngine.Autograd => new AutogradEngine(network),
        GradientEngine.Modules => new ModulesEngine(network),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown gradient engine."),
    };
}
